package io.coffer.repo.git.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.aws.http.RequestBody;
import io.coffer.kernel.AwsException;
import io.coffer.repo.RepoConfig;
import io.coffer.repo.git.storage.LfsObjectMismatchException;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.transport.GitAudit;
import io.coffer.repo.git.transport.GitService;
import io.coffer.repo.git.transport.GitSession;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Git LFS at {@code /v1/repos/<name>.git/info/lfs}, where git-lfs looks for it beside a CodeCommit clone URL: the
 * batch API and the basic transfer adapter, with the same passwords, policies ({@code codecommit:GitPull} to download,
 * {@code GitPush} to upload) and key checks as Git itself. Objects are sealed under the repository's key like packs,
 * checked against their SHA-256 oid as they arrive, recorded on the audit trail, and shredded with the repository.
 * Transfer URLs carry the batch request's own credentials, so no other secret is minted. Locking is not served (git-lfs
 * carries on without it).
 */
@ApplicationScoped
public class GitLfsRoute {

    static final String MEDIA_TYPE = "application/vnd.git-lfs+json";
    private static final Logger LOG = Logger.getLogger(GitLfsRoute.class);
    private static final Pattern OID = Pattern.compile("[0-9a-f]{64}");
    private static final long BODY_TIMEOUT_MILLIS = 120_000;
    private static final int MAX_BATCH_BYTES = 1024 * 1024;
    /** How long a transfer URL is offered for: the password it carries is good for 15 minutes. */
    private static final int EXPIRES_IN_SECONDS = 600;

    private final GitAccess access;
    private final GitService git;
    private final GitAudit audit;
    private final RepositoryStorage storage;
    private final ObjectMapper json;
    private final long maxObjectBytes;

    public GitLfsRoute(GitAccess access, GitService git, GitAudit audit, RepositoryStorage storage, ObjectMapper json,
            RepoConfig config) {
        this.access = access;
        this.git = git;
        this.audit = audit;
        this.storage = storage;
        this.json = json;
        this.maxObjectBytes = config.git().maxPushSize().asLongValue();
    }

    void register(@Observes Router router) {
        String base = GitEndpoint.PATH + "/:repo/info/lfs";
        // ahead of the servlet layer, which serves every other path under /v1/repos
        router.post(base + "/objects/batch").order(-100).handler(this::batch);
        router.put(base + "/objects/:oid").order(-100).handler(this::upload);
        router.get(base + "/objects/:oid").order(-100).handler(this::download);
        router.route(base + "/*").order(-99).handler(context -> answer(context.response(), 404,
                "Not served here: Coffer's Git LFS has the batch API and basic transfers, not locking"));
    }

    private void batch(RoutingContext context) {
        HttpServerRequest request = context.request();
        // on the event loop, before any of the body can arrive unheard
        RequestBody body = new RequestBody(request, BODY_TIMEOUT_MILLIS, MAX_BATCH_BYTES);
        context.vertx().executeBlocking(() -> {
            batch(request, body);
            return null;
        }, false).onFailure(e -> {
            body.discard();
            failed(request.response(), "batch", e);
        });
    }

    private void batch(HttpServerRequest request, RequestBody body) throws IOException {
        HttpServerResponse response = request.response();
        Optional<GitSession> session = authenticate(request);
        if (session.isEmpty()) {
            body.discard();
            return;
        }
        JsonNode batch;
        try {
            batch = json.readTree(body.readAllBytes());
        } catch (RequestBody.TooLargeException e) {
            body.discard();
            answer(response, 413, "The batch request is larger than " + MAX_BATCH_BYTES + " bytes");
            return;
        } catch (IOException e) {
            answer(response, 422, "The batch request is not JSON");
            return;
        }
        String operation = batch == null ? "" : batch.path("operation").asText("");
        if (!operation.equals("upload") && !operation.equals("download") || !batch.path("objects").isArray()) {
            answer(response, 422, "A batch request names an operation (upload or download) and objects");
            return;
        }
        boolean upload = operation.equals("upload");
        if (!authorize(request, session.get(), upload)) {
            return;
        }
        String href = request.scheme() + "://" + request.getHeader("Host") + GitEndpoint.PATH + "/"
                + request.getParam("repo") + "/info/lfs/objects/";
        ObjectNode answer = json.createObjectNode().put("transfer", "basic").put("hash_algo", "sha256");
        ArrayNode objects = answer.putArray("objects");
        for (JsonNode wanted : batch.path("objects")) {
            String oid = wanted.path("oid").asText("");
            long size = wanted.path("size").asLong(-1);
            ObjectNode object = objects.addObject().put("oid", oid).put("size", size);
            if (!OID.matcher(oid).matches() || size < 0) {
                error(object, 422, "An object is named by its SHA-256 (64 hex digits) and has a size");
                continue;
            }
            OptionalLong stored = storage.lfsObjectSize(session.get().repository(), oid);
            if (upload ? stored.isPresent() : stored.isEmpty()) {
                // uploads the repository has need nothing; downloads it lacks are errors of their own
                if (!upload) {
                    error(object, 404, "The repository has no object " + oid);
                }
                continue;
            }
            if (upload && size > maxObjectBytes) {
                error(object, 422, "The object is larger than this server takes (" + maxObjectBytes + " bytes)");
                continue;
            }
            object.put("authenticated", true);
            ObjectNode action = object.putObject("actions").putObject(upload ? "upload" : "download");
            action.put("href", href + oid).put("expires_in", EXPIRES_IN_SECONDS);
            action.putObject("header").put("Authorization", request.getHeader("Authorization"));
        }
        response.setStatusCode(200).putHeader("Content-Type", MEDIA_TYPE).end(json.writeValueAsString(answer));
    }

    private void upload(RoutingContext context) {
        HttpServerRequest request = context.request();
        // on the event loop, before any of the body can arrive unheard
        RequestBody body = new RequestBody(request, BODY_TIMEOUT_MILLIS, maxObjectBytes);
        context.vertx().executeBlocking(() -> {
            upload(request, body);
            return null;
        }, false).onFailure(e -> {
            body.discard();
            failed(request.response(), "upload", e);
        });
    }

    private void upload(HttpServerRequest request, RequestBody body) throws IOException {
        HttpServerResponse response = request.response();
        String oid = request.getParam("oid");
        String length = request.getHeader("Content-Length");
        if (!OID.matcher(oid).matches() || length == null || !length.matches("\\d{1,18}")) {
            body.discard();
            answer(response, 422, "Upload an object to its SHA-256 (64 hex digits) with its Content-Length");
            return;
        }
        Optional<GitSession> session = authenticate(request);
        if (session.isEmpty() || !authorize(request, session.get(), true)) {
            body.discard();
            return;
        }
        long size = Long.parseLong(length);
        if (storage.lfsObjectSize(session.get().repository(), oid).isEmpty()) {
            try {
                storage.storeLfsObject(session.get().caller(), session.get().repository(), oid, size, body);
            } catch (LfsObjectMismatchException e) {
                body.discard();
                answer(response, 422, e.getMessage());
                return;
            }
            audit.lfsTransferred(session.get(), true, oid, size);
        } else {
            body.discard();
        }
        response.setStatusCode(200).end();
    }

    private void download(RoutingContext context) {
        HttpServerRequest request = context.request();
        context.vertx().executeBlocking(() -> {
            download(request);
            return null;
        }, false).onFailure(e -> failed(request.response(), "download", e));
    }

    private void download(HttpServerRequest request) throws IOException {
        HttpServerResponse response = request.response();
        String oid = request.getParam("oid");
        if (!OID.matcher(oid).matches()) {
            answer(response, 422, "An object is named by its SHA-256 (64 hex digits)");
            return;
        }
        Optional<GitSession> session = authenticate(request);
        if (session.isEmpty() || !authorize(request, session.get(), false)) {
            return;
        }
        OptionalLong size = storage.lfsObjectSize(session.get().repository(), oid);
        Optional<InputStream> content = storage.openLfsObject(session.get().caller(), session.get().repository(),
                oid);
        if (content.isEmpty() || size.isEmpty()) {
            answer(response, 404, "The repository has no object " + oid);
            return;
        }
        try (InputStream in = content.get();
                GitPushRoute.ResponseStream out = new GitPushRoute.ResponseStream(response,
                        "application/octet-stream")) {
            in.transferTo(out);
        }
        audit.lfsTransferred(session.get(), false, oid, size.getAsLong());
    }

    /** The caller's session on the repository the path names; else answered (401, 404) and empty. */
    private Optional<GitSession> authenticate(HttpServerRequest request) {
        String segment = request.getParam("repo");
        String name = segment.endsWith(".git") ? segment.substring(0, segment.length() - 4) : segment;
        String lfs = GitEndpoint.PATH + "/" + segment + "/info/lfs";
        try {
            String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            // git-lfs signs the LFS endpoint (or, with a plain remote, the repository) for the credential helper
            return Optional.of(access.authorize(new GitAccess.Request(request.getHeader("Authorization"),
                    request.getHeader("Host"), address, request.getHeader("User-Agent")), name,
                    List.of(lfs, lfs + "/objects/batch", GitEndpoint.PATH + "/" + name)));
        } catch (GitAccessDeniedException e) {
            answer(request.response(), e.status(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether the caller may push ({@code codecommit:GitPush}) or pull, and use the key; else answered 403. */
    private boolean authorize(HttpServerRequest request, GitSession session, boolean push) {
        try {
            git.authorize(session, push);
            return true;
        } catch (AwsException e) {
            answer(request.response(), 403, e.getMessage());
            return false;
        }
    }

    private static void error(ObjectNode object, int code, String message) {
        object.putObject("error").put("code", code).put("message", message);
    }

    /** An answer git-lfs shows its user: {@code {"message": ...}}. */
    private void answer(HttpServerResponse response, int status, String message) {
        ObjectNode body = json.createObjectNode().put("message", message);
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE);
        if (status == 401) {
            response.putHeader("LFS-Authenticate", "Basic realm=\"Coffer\"")
                    .putHeader("WWW-Authenticate", "Basic realm=\"Coffer\"");
        }
        response.end(body.toString());
    }

    private void failed(HttpServerResponse response, String what, Throwable e) {
        LOG.errorf(e, "Git LFS %s failed", what);
        if (!response.headWritten()) {
            answer(response, 500, "The " + what + " failed on the server; try again");
        } else {
            response.reset();
        }
    }
}
