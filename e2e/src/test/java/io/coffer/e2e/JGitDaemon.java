package io.coffer.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * Plain JGit serving plain FileRepository directories (git://, no authentication, no encryption), the same JGit
 * version repo-service runs: the benchmark's baseline for what the sealed storage costs over JGit itself.
 */
final class JGitDaemon implements AutoCloseable {

    private final Daemon daemon;
    private final Path root;

    JGitDaemon(Path root) throws IOException {
        this.root = root;
        this.daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
        daemon.getService("git-receive-pack").setEnabled(true);
        daemon.setRepositoryResolver(new FileResolver<DaemonClient>(root.toFile(), true));
        daemon.start();
    }

    String url(String repository) {
        return "git://127.0.0.1:" + daemon.getAddress().getPort() + "/" + repository;
    }

    /** A new empty bare repository. */
    void create(String repository) throws GitAPIException {
        Git.init().setBare(true).setDirectory(root.resolve(repository).toFile()).call().close();
    }

    /** JGit's own garbage collection of a repository. */
    void gc(String repository) throws IOException, GitAPIException {
        try (Git git = Git.open(root.resolve(repository).toFile())) {
            git.gc().call();
        }
    }

    @Override
    public void close() {
        daemon.stop();
    }
}
