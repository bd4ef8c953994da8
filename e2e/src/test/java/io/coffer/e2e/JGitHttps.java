package io.coffer.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Plain JGit serving plain FileRepository directories over smart HTTP on HTTPS (no authentication, nothing encrypted
 * at rest), the same JGit version and receive checks repo-service runs: the benchmark's baseline for what Coffer's
 * sealed storage, authorization and audit trail cost over JGit itself, both paying for TLS in transit.
 */
final class JGitHttps implements AutoCloseable {

    private static final String UPLOAD_PACK = "git-upload-pack";
    private static final String RECEIVE_PACK = "git-receive-pack";

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Path root;

    JGitHttps(Path root) throws IOException {
        this.root = root;
        this.server = LocalTls.httpsServer();
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String repository) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
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

    /**
     * {@code GET /<repository>/info/refs?service=...}, or a POST to {@code /<repository>/git-upload-pack} or
     * {@code /<repository>/git-receive-pack}.
     */
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            boolean advertisement = path.endsWith("/info/refs");
            String service = advertisement ? (query == null ? "" : query.replace("service=", ""))
                    : path.substring(path.lastIndexOf('/') + 1);
            String repository = path.substring(1, path.length() - (advertisement ? "/info/refs" : "/" + service)
                    .length());
            if (!service.equals(UPLOAD_PACK) && !service.equals(RECEIVE_PACK)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try (Repository db = new FileRepository(root.resolve(repository).toFile())) {
                exchange.getResponseHeaders().set("Content-Type", "application/x-" + service
                        + (advertisement ? "-advertisement" : "-result"));
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    if (service.equals(UPLOAD_PACK)) {
                        upload(exchange, db, advertisement, out);
                    } else {
                        receive(exchange, db, advertisement, out);
                    }
                }
            }
        }
    }

    private static void upload(HttpExchange exchange, Repository db, boolean advertisement, OutputStream out)
            throws IOException {
        UploadPack upload = new UploadPack(db);
        upload.setBiDirectionalPipe(false);
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            upload.setExtraParameters(Arrays.asList(protocol.split(":")));
        }
        if (advertisement) {
            upload.sendAdvertisedRefs(new PacketLineOutRefAdvertiser(new PacketLineOut(out)), UPLOAD_PACK);
        } else {
            upload.upload(body(exchange), out, null);
        }
    }

    private static void receive(HttpExchange exchange, Repository db, boolean advertisement, OutputStream out)
            throws IOException {
        ReceivePack receive = new ReceivePack(db);
        receive.setBiDirectionalPipe(false);
        // the integrity checks repo-service makes (fsck of every object, then the connectivity walk JGit skips
        // without them), so the comparison is of storage and serving, not of checks one side leaves out
        receive.setCheckReceivedObjects(true);
        if (advertisement) {
            PacketLineOut packets = new PacketLineOut(out);
            packets.writeString("# service=" + RECEIVE_PACK + "\n");
            packets.end();
            receive.sendAdvertisedRefs(new PacketLineOutRefAdvertiser(packets));
        } else {
            receive.receive(body(exchange), out, null);
        }
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        // JDK 17's request body inherits skip() from FilterInputStream, which skips on the connection itself, past
        // the body's end (UploadPack skips what it did not read): skip by reading instead
        InputStream body = new FilterInputStream(exchange.getRequestBody()) {
            @Override
            public long skip(long n) throws IOException {
                byte[] discard = new byte[8192];
                long skipped = 0;
                for (int read; skipped < n && (read = read(discard, 0, (int) Math.min(discard.length, n - skipped)))
                        > 0;) {
                    skipped += read;
                }
                return skipped;
            }
        };
        return "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding")) ? new GZIPInputStream(body)
                : body;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
