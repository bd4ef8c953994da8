package io.coffer.repo.git.http;

import io.coffer.aws.http.RequestBody;
import io.coffer.kernel.AwsException;
import io.coffer.repo.RepoConfig;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.git.transport.GitFailures;
import io.coffer.repo.git.transport.GitService;
import io.coffer.repo.git.transport.GitSession;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.UnpackException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RequestNotYetReadException;
import org.eclipse.jgit.transport.SideBandOutputStream;
import org.jboss.logging.Logger;

/**
 * The push request of Git smart HTTP, {@code POST /v1/repos/<name>/git-receive-pack}, served on Vert.x rather than
 * through {@link GitEndpoint}'s servlet. The servlet layer's request stream asks the connection for one network
 * buffer (about 16 KiB) at a time and waits for each, a thread hand-off per buffer: the receiving thread sat idle
 * for half of a 100 MB push. Here the pack is read ahead ({@link RequestBody}). Authentication, authorization and
 * JGit's receive-pack with its hooks are the same as for every other Git request.
 */
@ApplicationScoped
public class GitPushRoute {

    static final String REQUEST_TYPE = "application/x-git-receive-pack-request";
    static final String RESULT_TYPE = "application/x-git-receive-pack-result";
    private static final Logger LOG = Logger.getLogger(GitPushRoute.class);
    /** A client that stops sending mid-pack for this long loses the push. */
    private static final long BODY_TIMEOUT_MILLIS = 120_000;

    private final GitAccess access;
    private final GitService git;
    private final long maxBodyBytes;

    public GitPushRoute(GitAccess access, GitService git, RepoConfig config) {
        this.access = access;
        this.git = git;
        this.maxBodyBytes = config.git().maxPushSize().asLongValue();
    }

    void register(@Observes Router router) {
        // ahead of the servlet layer, which serves every other path under /v1/repos
        router.post(GitEndpoint.PATH + "/:name/git-receive-pack").order(-100).handler(this::push);
    }

    private void push(RoutingContext context) {
        HttpServerRequest request = context.request();
        // on the event loop, before any of the body can arrive unheard
        RequestBody body = new RequestBody(request, BODY_TIMEOUT_MILLIS, maxBodyBytes);
        String name = context.pathParam("name");
        context.vertx().executeBlocking(() -> {
            serve(request, name, body);
            return null;
        }, false).onFailure(e -> {
            LOG.errorf(e, "push to %s failed", name);
            body.discard();
            if (!request.response().headWritten()) {
                request.response().setStatusCode(500).putHeader("Connection", "close").end();
            } else {
                request.connection().close();
            }
        });
    }

    private void serve(HttpServerRequest request, String name, RequestBody body) throws IOException {
        HttpServerResponse response = request.response();
        GitSession session;
        try {
            String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            session = access.authorize(new GitAccess.Request(request.getHeader("Authorization"),
                    request.getHeader("Host"), address, request.getHeader("User-Agent")), name);
            git.authorize(session, true);
        } catch (GitAccessDeniedException e) {
            deny(response, body, e.status(), e.getMessage());
            return;
        } catch (AwsException e) {
            deny(response, body, 403, e.getMessage());
            return;
        }
        if (!REQUEST_TYPE.equals(request.getHeader("Content-Type"))) {
            deny(response, body, 415, "A push sends " + REQUEST_TYPE);
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
            deny(response, body, 413, "The push is larger than this server takes (" + maxBodyBytes + " bytes)");
            return;
        }
        try (SealedRepository db = git.open(session)) {
            ReceivePack receive = git.receivePack(session, db);
            receive.setBiDirectionalPipe(false);
            ResponseStream out = new ResponseStream(response, RESULT_TYPE);
            GitFailures.RequestInput in = new GitFailures.RequestInput(inflated(request, body));
            try {
                receive.receiveWithExceptionPropagation(in, out, null);
            } catch (CorruptObjectException | UnpackException | PackProtocolException e) {
                LOG.infof("push to %s refused: %s", session.repository().repositoryId(), e.getMessage());
                if (!out.written()) {
                    // refused before receive-pack could answer (its commands were not git's)
                    refuse(receive, out, body, e.getMessage());
                    return;
                }
                // reported to git in the push's status report
                body.discard();
            } catch (IOException e) {
                String malformed = GitFailures.malformedRequest(e, in);
                if (malformed == null) {
                    fail(session, receive, out, body, e);
                    return;
                }
                LOG.infof("push to %s refused: %s", session.repository().repositoryId(), malformed);
                refuse(receive, out, body, malformed);
                return;
            } catch (RuntimeException e) {
                fail(session, receive, out, body, e);
                return;
            }
            out.close();
        }
    }

    /** The pack as git sent it: git compresses a request body with gzip when that makes it smaller. */
    private static InputStream inflated(HttpServerRequest request, InputStream body) throws IOException {
        String encoding = request.getHeader("Content-Encoding");
        return "gzip".equals(encoding) || "x-gzip".equals(encoding) ? new GZIPInputStream(body) : body;
    }

    private static void deny(HttpServerResponse response, RequestBody body, int status, String message) {
        body.discard();
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=UTF-8")
                .putHeader("Connection", "close");
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"Coffer\"");
        }
        response.end(message + "\n");
    }

    /** A push that failed other than by the client's doing: logged, and git is told as much as it may know. */
    private static void fail(GitSession session, ReceivePack receive, ResponseStream out, RequestBody body,
            Exception e) throws IOException {
        IOException storage = GitFailures.storage(e);
        LOG.errorf(e, "push to %s failed", session.repository().repositoryId());
        refuse(receive, out, body, storage != null ? storage.getMessage()
                : e instanceof RequestBody.TooLargeException ? "The push is too large: " + e.getMessage()
                : "Internal error: " + e.getClass().getSimpleName());
    }

    /**
     * Tells git what went wrong, as receive-pack reports an error: on the error side band when git asked for one,
     * else as an {@code ERR} packet. Once the answer has begun, only the connection can still be closed.
     */
    private static void refuse(ReceivePack receive, ResponseStream out, RequestBody body, String message)
            throws IOException {
        body.discard();
        if (out.started()) {
            out.abort();
            return;
        }
        boolean sideBand;
        try {
            sideBand = receive.isSideBand();
        } catch (RequestNotYetReadException notRead) {
            sideBand = false;
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (sideBand) {
            try (OutputStream error = new SideBandOutputStream(SideBandOutputStream.CH_ERROR,
                    SideBandOutputStream.SMALL_BUF, answer)) {
                error.write(Constants.encode("error: " + message));
            }
        } else {
            new PacketLineOut(answer).writeString("ERR " + message);
        }
        out.write(answer.toByteArray());
        out.close();
    }

    /** The response body from a worker thread: buffered, sent in order, waiting while the connection is behind. */
    static final class ResponseStream extends OutputStream {

        private static final int BUFFER = 32 * 1024;
        private static final long WRITE_TIMEOUT_MILLIS = 120_000;

        private final HttpServerResponse response;
        private final String contentType;
        private byte[] buffer = new byte[BUFFER];
        private int length;
        private boolean started;
        private boolean closed;

        ResponseStream(HttpServerResponse response, String contentType) {
            this.response = response;
            this.contentType = contentType;
        }

        boolean started() {
            return started;
        }

        /** Whether anything was written, sent or still buffered. */
        boolean written() {
            return started || length > 0;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, BUFFER - length);
                System.arraycopy(b, off, buffer, length, n);
                length += n;
                off += n;
                len -= n;
                if (length == BUFFER) {
                    flush();
                }
            }
        }

        /** Sends what is buffered: JGit flushes its progress messages so git shows them as the push runs. */
        @Override
        public void flush() throws IOException {
            if (length == 0 || closed) {
                return;
            }
            start();
            awaitWritable();
            response.write(io.vertx.core.buffer.Buffer.buffer(buffer).slice(0, length));
            buffer = new byte[BUFFER];
            length = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            flush();
            closed = true;
            start();
            response.end();
        }

        /** Ends the exchange without a proper end: git sees the connection close. */
        void abort() {
            closed = true;
            response.reset();
        }

        private void start() {
            if (!started) {
                started = true;
                response.setChunked(true).putHeader("Content-Type", contentType)
                        .putHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
            }
        }

        private void awaitWritable() throws IOException {
            if (!response.writeQueueFull()) {
                return;
            }
            Object drained = new Object();
            synchronized (drained) {
                response.drainHandler(v -> {
                    synchronized (drained) {
                        drained.notifyAll();
                    }
                });
                long deadline = System.currentTimeMillis() + WRITE_TIMEOUT_MILLIS;
                while (response.writeQueueFull()) {
                    if (response.closed()) {
                        throw new IOException("git closed the connection");
                    }
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        throw new IOException("git read nothing of the answer for " + WRITE_TIMEOUT_MILLIS + " ms");
                    }
                    try {
                        drained.wait(Math.min(left, 1000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted writing to git", e);
                    }
                }
            }
        }
    }
}
