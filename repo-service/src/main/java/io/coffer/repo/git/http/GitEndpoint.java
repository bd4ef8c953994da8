package io.coffer.repo.git.http;

import io.coffer.kernel.AwsException;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.git.transport.GitFailures;
import io.coffer.repo.git.transport.GitService;
import io.coffer.repo.git.transport.GitSession;
import jakarta.inject.Inject;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.GitSmartHttpTools;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.transport.ServiceMayNotContinueException;
import org.jboss.logging.Logger;

/**
 * Git smart HTTP at {@code /v1/repos/<name>}: clone, fetch, push and ls-remote with protocol v0 or v2, as stock git
 * speaks them. Every request is authenticated with CodeCommit's signed password first; the repository is then
 * opened for that caller on the sealed storage. The dumb protocol is off (there are no loose files to serve). The
 * push itself ({@code POST …/git-receive-pack}) is served by {@link GitPushRoute}, which reads the pack ahead.
 */
@WebServlet(urlPatterns = GitEndpoint.PATH + "/*", loadOnStartup = 1, asyncSupported = false)
public class GitEndpoint extends GitServlet {

    static final String PATH = "/v1/repos";
    private static final Logger LOG = Logger.getLogger(GitEndpoint.class);
    private static final String SESSION = GitEndpoint.class.getName() + ".session";

    @Inject
    GitAccess access;
    @Inject
    GitService git;

    @Override
    public void init(ServletConfig config) throws ServletException {
        setAsIsFileService(AsIsFileService.DISABLED);
        setRepositoryResolver((request, name) -> {
            GitSession session = (GitSession) request.getAttribute(SESSION);
            if (session == null || !session.repository().name().equals(name)) {
                throw new RepositoryNotFoundException(name);
            }
            return git.open(session);
        });
        setUploadPackFactory((request, db) -> {
            // how a client asks for protocol v2 over HTTP
            String protocol = request.getHeader("Git-Protocol");
            return git.uploadPack((GitSession) request.getAttribute(SESSION), (SealedRepository) db,
                    protocol == null ? List.of() : Arrays.asList(protocol.split(":")));
        });
        setReceivePackFactory((request, db) -> git.receivePack((GitSession) request.getAttribute(SESSION),
                (SealedRepository) db));
        setUploadPackErrorHandler((request, response, upload) -> {
            try {
                upload.upload();
            } catch (ServiceMayNotContinueException e) {
                if (e.isOutput() && GitFailures.storage(e) == null) {
                    // a request git would not send; the client has been told why
                    LOG.debugf("git request on %s refused: %s", request.getPathInfo(), e.getMessage());
                } else {
                    fail(request, response, e);
                }
            } catch (IOException | RuntimeException e) {
                fail(request, response, e);
            }
        });
        super.init(config);
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
        GitSession session;
        try {
            session = access.authorize(new GitAccess.Request(request.getHeader("Authorization"),
                    request.getHeader("Host"), request.getRemoteAddr(), request.getHeader("User-Agent")), name);
        } catch (GitAccessDeniedException e) {
            deny(response, e.status(), e.getMessage());
            return;
        }
        boolean push = "git-receive-pack".equals(request.getParameter("service"))
                || path.endsWith("/git-receive-pack");
        try {
            git.authorize(session, push);
        } catch (AwsException e) {
            deny(response, 403, e.getMessage());
            return;
        }
        request.setAttribute(SESSION, session);
        super.service(req, new PlainErrors(response));
    }

    /** Errors JGit's servlet sends (a path it does not serve, say) as a line of text, as git shows it. */
    private static final class PlainErrors extends HttpServletResponseWrapper {

        PlainErrors(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, status == 404 ? "Not found" : "Refused (HTTP " + status + ")");
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                super.sendError(status, message);
                return;
            }
            resetBuffer();
            deny((HttpServletResponse) getResponse(), status, message);
        }
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
