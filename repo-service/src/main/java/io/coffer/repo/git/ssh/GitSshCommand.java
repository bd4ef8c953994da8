package io.coffer.repo.git.ssh;

import io.coffer.aws.auth.CredentialStore;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.Principal;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.git.transport.GitFailures;
import io.coffer.repo.git.transport.GitService;
import io.coffer.repo.git.transport.GitSession;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.jboss.logging.Logger;

/**
 * {@code git-upload-pack '/v1/repos/<name>'} or {@code git-receive-pack …}, as git runs them over SSH. The command
 * runs on a bounded pool (a busy server refuses more rather than queueing them); the user is the one
 * {@link SshKeyAuthenticator} let in, checked again here, and the rest is {@link GitService}, as over HTTPS.
 */
final class GitSshCommand extends StreamCommand {

    /** What git sends, with or without the dash, the path quoted or not. */
    static final Pattern COMMAND = Pattern.compile(
            "git[ -](upload-pack|receive-pack) '?/?v1/repos/([\\w.-]{1,100})/?'?");
    private static final Logger LOG = Logger.getLogger(GitSshCommand.class);

    /** The parts of a command line this server runs. */
    record Request(boolean push, String repositoryName) {

        static Optional<Request> parse(String command) {
            Matcher matcher = COMMAND.matcher(command);
            return matcher.matches()
                    ? Optional.of(new Request(matcher.group(1).equals("receive-pack"), matcher.group(2)))
                    : Optional.empty();
        }
    }

    private final Request request;
    private final Context context;
    private Future<?> running;

    /** What every command needs from the server. */
    record Context(GitService git, RepositoryQueries repositories, CredentialStore credentials, ExecutorService pool,
            String defaultRegion, int timeoutSeconds) {
    }

    GitSshCommand(Request request, Context context) {
        this.request = request;
        this.context = context;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        try {
            running = context.pool().submit(() -> run(channel, env));
        } catch (RejectedExecutionException e) {
            finish(1, "The server is busy with other Git operations; try again in a moment.");
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (running != null) {
            running.cancel(true);
        }
    }

    private void run(ChannelSession channel, Environment env) {
        GitSession session;
        try {
            session = session(channel);
            context.git().authorize(session, request.push());
        } catch (AwsException | RefusedException e) {
            finish(1, e.getMessage());
            return;
        }
        try (SealedRepository db = context.git().open(session)) {
            if (request.push()) {
                ReceivePack receive = context.git().receivePack(session, db);
                receive.setTimeout(context.timeoutSeconds());
                receive.receive(in, out, err);
            } else {
                String protocol = env.getEnv().get("GIT_PROTOCOL");
                UploadPack upload = context.git().uploadPack(session, db,
                        protocol == null ? List.of() : Arrays.asList(protocol.split(":")));
                upload.setTimeout(context.timeoutSeconds());
                upload.upload(in, out, err);
            }
            finish(0, null);
        } catch (IOException | RuntimeException e) {
            IOException storage = GitFailures.storage(e);
            if (storage == null) {
                LOG.errorf(e, "git %s over SSH on %s failed", request.push() ? "push" : "pull",
                        session.repository().repositoryId());
            }
            finish(1, storage != null ? storage.getMessage() : "Internal error: " + e.getClass().getSimpleName());
        }
    }

    /** The user (whose key must still be active) and the repository of that name in the user's account. */
    private GitSession session(ChannelSession channel) {
        var ssh = channel.getServerSession();
        Principal authenticated = ssh.getAttribute(SshKeyAuthenticator.PRINCIPAL);
        Principal principal = authenticated == null ? null
                : context.credentials().findSshKey(authenticated.accessKeyId())
                        .map(CredentialStore.SshKey::principal).orElse(null);
        if (principal == null) {
            throw new RefusedException("Your SSH key " + (authenticated == null ? "" : authenticated.accessKeyId()
                    + " ") + "is no longer active.");
        }
        StoredRepository repository = repository(principal.accountId(), request.repositoryName());
        Caller caller = new Caller(principal, repository.region(), GitSession.SERVICE,
                address(ssh.getClientAddress()), ssh.getClientVersion(), UUID.randomUUID().toString(), null);
        return new GitSession(caller, repository, GitSession.Transport.SSH);
    }

    /** One host serves every region over SSH: the default region's repository of that name, else the first. */
    private StoredRepository repository(String accountId, String name) {
        return context.repositories().named(accountId, name).stream()
                .min(Comparator.comparing((StoredRepository r) -> !r.region().equals(context.defaultRegion()))
                        .thenComparing(StoredRepository::region))
                .orElseThrow(() -> new RefusedException("Repository " + name + " does not exist in account "
                        + accountId + "."));
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    /** Ends the command: a message for the user on stderr (git prints it as {@code remote: …}), then the status. */
    private void finish(int status, String message) {
        try {
            if (message != null) {
                err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            }
            out.flush();
        } catch (IOException e) {
            LOG.debugf("SSH client gone before the end of a git command: %s", e.toString());
        }
        exit.onExit(status, message == null ? "" : message);
    }

    /** A refusal before any Git data moved, with a message for the user. */
    static final class RefusedException extends RuntimeException {

        RefusedException(String message) {
            super(message);
        }
    }
}
