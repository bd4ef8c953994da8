package io.coffer.repo.git.http;

import io.coffer.platform.auth.Caller;
import io.coffer.platform.aws.AwsException;
import io.coffer.platform.identity.Authorizer;
import io.coffer.repo.git.storage.Repacker;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.EncryptionKeyAccess;
import io.coffer.repo.repository.StoredRepository;
import jakarta.inject.Inject;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.GitSmartHttpTools;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.jboss.logging.Logger;

/**
 * Git smart HTTP at {@code /v1/repos/<name>}: clone, fetch, push and ls-remote with protocol v0 or v2, as stock git
 * speaks them. Every request is authenticated with CodeCommit's signed password first; the repository is then
 * opened for that caller on the sealed storage. The dumb protocol is off (there are no loose files to serve).
 */
@WebServlet(urlPatterns = GitEndpoint.PATH + "/*", loadOnStartup = 1, asyncSupported = false)
public class GitEndpoint extends GitServlet {

    static final String PATH = "/v1/repos";
    private static final Logger LOG = Logger.getLogger(GitEndpoint.class);
    private static final String GRANTED = GitEndpoint.class.getName() + ".granted";

    @Inject
    GitAccess access;
    @Inject
    RepositoryStorage storage;
    @Inject
    GitAudit audit;
    @Inject
    Repacker repacker;
    @Inject
    Authorizer authorizer;
    @Inject
    EncryptionKeyAccess keyAccess;

    @Override
    public void init(ServletConfig config) throws ServletException {
        setAsIsFileService(AsIsFileService.DISABLED);
        setRepositoryResolver((request, name) -> {
            GitAccess.Granted granted = (GitAccess.Granted) request.getAttribute(GRANTED);
            if (granted == null || !granted.repository().name().equals(name)) {
                throw new RepositoryNotFoundException(name);
            }
            StoredRepository repository = granted.repository();
            return storage.open(granted.caller(), repository.repositoryId(), repository.region(),
                    repository.keyArn());
        });
        setUploadPackFactory((request, db) -> {
            GitAccess.Granted granted = (GitAccess.Granted) request.getAttribute(GRANTED);
            UploadPack upload = new ReportingUploadPack(db);
            // send the deltas a pushing client made rather than search again (as JGit does on plain files): a pack
            // not yet repacked would otherwise be delta-searched on every clone
            PackConfig pack = new PackConfig(db);
            pack.setDeltaCompress(false);
            upload.setPackConfig(pack);
            // how a client asks for protocol v2 over HTTP
            String protocol = request.getHeader("Git-Protocol");
            if (protocol != null) {
                upload.setExtraParameters(Arrays.asList(protocol.split(":")));
            }
            upload.setPostUploadHook(statistics -> audit.pulled(granted.caller(), granted.repository(), statistics));
            return upload;
        });
        setReceivePackFactory((request, db) -> receivePack((GitAccess.Granted) request.getAttribute(GRANTED), db));
        setUploadPackErrorHandler((request, response, upload) -> {
            try {
                upload.upload();
            } catch (IOException | RuntimeException e) {
                fail(request, response, e);
            }
        });
        setReceivePackErrorHandler((request, response, receive) -> {
            try {
                receive.receive();
            } catch (IOException | RuntimeException e) {
                fail(request, response, e);
            }
        });
        super.init(config);
    }

    private ReceivePack receivePack(GitAccess.Granted granted, org.eclipse.jgit.lib.Repository db) {
        Caller caller = granted.caller();
        ReceivePack receive = new ReceivePack(db);
        receive.setRefLogIdent(new PersonIdent(caller.principal().userName(), caller.principal().arn()));
        receive.setAllowCreates(true);
        receive.setAllowDeletes(true);
        receive.setAllowNonFastForwards(true);
        receive.setCheckReceivedObjects(true);
        receive.setPostReceiveHook((pack, commands) -> {
            audit.pushed(caller, granted.repository(), pack.getAllCommands());
            try {
                int packs = ((SealedRepository) db).getObjectDatabase().getPacks().length;
                repacker.pushed(caller, granted.repository(), packs);
            } catch (IOException e) {
                LOG.warnf("no repack scheduled for %s: %s", granted.repository().repositoryId(), e.toString());
            }
        });
        return receive;
    }

    @Override
    public void service(ServletRequest req, ServletResponse res) throws ServletException, IOException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = request.getPathInfo();
        if (path == null || path.length() < 2) {
            deny(response, 404, "Name a repository: " + PATH + "/<repository name>");
            return;
        }
        int slash = path.indexOf('/', 1);
        String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
        GitAccess.Granted granted;
        try {
            granted = access.authorize(request, name);
        } catch (GitAccessDeniedException e) {
            deny(response, e.status(), e.getMessage());
            return;
        }
        boolean push = "git-receive-pack".equals(request.getParameter("service"))
                || path.endsWith("/git-receive-pack");
        Caller caller = granted.caller();
        StoredRepository repository = granted.repository();
        try {
            authorizer.authorize(caller, push ? "codecommit:GitPush" : "codecommit:GitPull", repository.arn());
            keyAccess.verify(caller, repository.keyArn(), repository.repositoryId());
        } catch (AwsException e) {
            audit.refused(caller, repository, push, e);
            deny(response, 403, e.getMessage());
            return;
        }
        request.setAttribute(GRANTED, granted);
        super.service(req, res);
    }

    private static void deny(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Coffer\"");
        }
        response.setContentType("text/plain; charset=UTF-8");
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Tells git what went wrong, as a Git error message while the response is not yet committed. */
    private static void fail(HttpServletRequest request, HttpServletResponse response, Exception e)
            throws IOException {
        IOException storage = GitFailures.storage(e);
        LOG.errorf(e, "git request on %s failed", request.getPathInfo());
        if (!response.isCommitted()) {
            response.reset();
            GitSmartHttpTools.sendError(request, response, HttpServletResponse.SC_OK,
                    storage != null ? storage.getMessage() : "Internal error: " + e.getClass().getSimpleName());
        }
    }
}
