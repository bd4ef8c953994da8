package io.coffer.e2e;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.coffer.deploy.LocalCertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTPS for the e2e stack as for a local run: a local CA and server certificate made with Coffer's own
 * {@link LocalCertificateAuthority}, served by every service. This test JVM trusts that CA alone (its default
 * trust store is set to it before any TLS connection is made), so every client here — the AWS SDK, the JDK's
 * HttpClient, crypto-service's client — verifies the services' certificate and host name for real; stock git is
 * given the CA with {@code GIT_SSL_CAINFO}.
 */
final class LocalTls {

    static final Path DIRECTORY = Path.of("target", "e2e-tls").toAbsolutePath();
    static final LocalCertificateAuthority.Issued ISSUED = issue();
    /** Made after the trust store is set, so it trusts the local CA. */
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalTls() {
    }

    /** Makes sure the local CA exists and this JVM trusts it; call before anything in the JVM uses TLS. */
    static LocalCertificateAuthority.Issued install() {
        return ISSUED;
    }

    /** What a service process needs to serve HTTPS with the local certificate and to trust it when it calls. */
    static Map<String, String> serviceProperties() {
        return Map.of("coffer.tls.certificate-file", ISSUED.certificate().toString(),
                "coffer.tls.key-file", ISSUED.key().toString(),
                "coffer.tls.trust-ca-file", ISSUED.ca().toString());
    }

    /**
     * An HTTPS server on 127.0.0.1 (any free port) with the services' certificate, for the benchmarks' unencrypted-at-
     * rest baselines: they then pay for TLS in transit as Coffer does, on the JDK's TLS as the services use it.
     */
    static HttpsServer httpsServer() throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        return server;
    }

    private static SSLContext serverContext() throws IOException {
        try {
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(LocalCertificateAuthority.serverKeyStore(ISSUED, new char[0]), new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the local server certificate", e);
        }
    }

    private static LocalCertificateAuthority.Issued issue() {
        try {
            LocalCertificateAuthority.Issued issued = LocalCertificateAuthority.ensure(DIRECTORY, List.of());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(issued.ca())) {
                Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
                trusted.setCertificateEntry("coffer-local-ca", ca);
            }
            Path store = DIRECTORY.resolve("truststore.p12");
            try (OutputStream out = Files.newOutputStream(store)) {
                trusted.store(out, "changeit".toCharArray());
            }
            System.setProperty("javax.net.ssl.trustStore", store.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            return issued;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the e2e certificates", e);
        }
    }
}
