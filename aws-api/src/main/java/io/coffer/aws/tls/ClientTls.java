package io.coffer.aws.tls;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a service trusts when it calls another over HTTPS: the JDK's root certificates plus, if configured, the CA
 * that issued Coffer's own certificates ({@code coffer.tls.trust-ca-file}, e.g. the local CA of a local run).
 * Host names are always verified.
 */
@ApplicationScoped
public class ClientTls {

    private final TrustManager[] trustManagers;
    private final SSLContext context;

    public ClientTls(TlsConfig config) throws IOException, GeneralSecurityException {
        this.trustManagers = trustManagers(config.trustCaFile());
        this.context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers, null);
    }

    public SSLContext context() {
        return context;
    }

    public TrustManager[] trustManagers() {
        return trustManagers.clone();
    }

    /** The JDK's trusted roots, plus every certificate in {@code caFile} (PEM) if given. */
    public static TrustManager[] trustManagers(Optional<Path> caFile) throws IOException, GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile.isEmpty()) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        Path jdkRoots = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        try (InputStream in = Files.newInputStream(jdkRoots)) {
            store.load(in, null);
        }
        try (InputStream in = Files.newInputStream(caFile.get())) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("coffer-ca-" + i++, certificate);
            }
        }
        factory.init(store);
        return factory.getTrustManagers();
    }
}
