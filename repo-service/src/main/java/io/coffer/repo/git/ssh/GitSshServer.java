package io.coffer.repo.git.ssh;

import io.coffer.aws.auth.CredentialStore;
import io.coffer.repo.RepoConfig;
import io.coffer.repo.git.transport.GitService;
import io.coffer.repo.repository.RepositoryQueries;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.BuiltinFactory;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.global.NoMoreSessionsHandler;
import org.apache.sshd.server.global.OpenSshHostKeysHandler;
import org.jboss.logging.Logger;

/**
 * Git over SSH (Apache MINA SSHD) beside Git over HTTPS, on the same sealed storage with the same checks. Public-key
 * authentication only; one kind of channel (a session running git upload-pack or receive-pack); no forwarding of any
 * kind, no shell, no subsystems. Only current algorithms are offered ({@link #KEX}, {@link #CIPHERS}, {@link #MACS},
 * {@link #SIGNATURES}): no SHA-1, no CBC.
 */
@ApplicationScoped
public class GitSshServer {

    static final List<BuiltinDHFactories> KEX = List.of(BuiltinDHFactories.mlkem768x25519,
            BuiltinDHFactories.sntrup761x25519, BuiltinDHFactories.sntrup761x25519_openssh,
            BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.ecdhp256,
            BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp521);
    static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes256gcm,
            BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes128ctr);
    static final List<BuiltinMacs> MACS = List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm,
            BuiltinMacs.hmacsha256, BuiltinMacs.hmacsha512);
    /** Host key and user key signatures: RSA only with SHA-2 (rsa-sha2-256/512), never ssh-rsa's SHA-1. */
    static final List<BuiltinSignatures> SIGNATURES = List.of(BuiltinSignatures.ed25519, BuiltinSignatures.nistp256,
            BuiltinSignatures.nistp384, BuiltinSignatures.nistp521, BuiltinSignatures.rsaSHA512,
            BuiltinSignatures.rsaSHA256);
    private static final Logger LOG = Logger.getLogger(GitSshServer.class);

    private final RepoConfig.Ssh config;
    private final GitService git;
    private final RepositoryQueries repositories;
    private final CredentialStore credentials;
    private final String defaultRegion;
    private SshServer server;
    private ExecutorService pool;

    public GitSshServer(RepoConfig config, GitService git, RepositoryQueries repositories, CredentialStore credentials) {
        this.config = config.ssh();
        this.git = git;
        this.repositories = repositories;
        this.credentials = credentials;
        this.defaultRegion = config.defaultRegion();
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            return;
        }
        pool = new ThreadPoolExecutor(0, config.maxOperations(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads());
        server = ServerBuilder.builder()
                // false: leave out what this JVM cannot do (the flag's name says the opposite of what it does)
                .keyExchangeFactories(NamedFactory.setUpTransformedFactories(false, KEX, ServerBuilder.DH2KEX))
                .cipherFactories(BuiltinFactory.setUpFactories(false, CIPHERS))
                .macFactories(BuiltinFactory.setUpFactories(false, MACS))
                .signatureFactories(BuiltinFactory.setUpFactories(false, SIGNATURES))
                // packs are compressed already
                .compressionFactories(List.of(BuiltinCompressions.none))
                .channelFactories(List.of(ChannelSessionFactory.INSTANCE))
                .globalRequestHandlers(List.of(KeepAliveHandler.INSTANCE, NoMoreSessionsHandler.INSTANCE,
                        OpenSshHostKeysHandler.INSTANCE))
                .forwardingFilter(RejectAllForwardingFilter.INSTANCE)
                .build();
        server.setHost(config.host());
        server.setPort(config.port());
        server.setKeyPairProvider(SshHostKeys.load(Path.of(config.hostKeyDir())));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator(new SshKeyAuthenticator(credentials));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setShellFactory(channel -> MessageCommand.greeting());
        server.setCommandFactory(new GitSshCommandFactory(new GitSshCommand.Context(git, repositories, credentials,
                pool, defaultRegion, (int) config.idleTimeout().toSeconds())));
        server.setSubsystemFactories(List.of());
        CoreModuleProperties.AUTH_TIMEOUT.set(server, config.authTimeout());
        CoreModuleProperties.IDLE_TIMEOUT.set(server, config.idleTimeout());
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, 10);
        CoreModuleProperties.MAX_CONCURRENT_SESSIONS.set(server, config.maxSessionsPerKey());
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, "Coffer");
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                // thrown here, MINA closes the new connection (a refusal from its accept listener would leak it)
                SocketAddress from = session.getIoSession().getRemoteAddress();
                List<AbstractSession> open = server.getActiveSessions();
                if (open.size() >= config.maxConnections()) {
                    LOG.warnf("%d SSH connections open: refused one from %s", config.maxConnections(), from);
                    throw new IllegalStateException("too many SSH connections");
                }
                InetAddress source = from instanceof InetSocketAddress inet ? inet.getAddress() : null;
                long waiting = open.stream().filter(s -> s != session && !s.isAuthenticated()
                        && s.getIoSession().getRemoteAddress() instanceof InetSocketAddress inet
                        && inet.getAddress().equals(source)).count();
                if (source != null && waiting >= config.maxUnauthenticatedPerSource()) {
                    LOG.warnf("%d SSH connections from %s not yet authenticated: refused one more", waiting,
                            source.getHostAddress());
                    throw new IllegalStateException("too many unauthenticated SSH connections from one source");
                }
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Git over SSH cannot listen on " + config.host() + ":" + config.port(), e);
        }
        LOG.infof("Git over SSH on %s:%d", config.host(), port());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.warnf("SSH server did not stop cleanly: %s", e.toString());
        }
        pool.shutdownNow();
    }

    /** The port listened on (the one taken when configured as 0). */
    public int port() {
        return server.getBoundAddresses().stream().filter(InetSocketAddress.class::isInstance)
                .map(a -> ((InetSocketAddress) a).getPort()).findFirst().orElse(config.port());
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "git-ssh-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
