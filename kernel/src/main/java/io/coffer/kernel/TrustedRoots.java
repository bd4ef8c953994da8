package io.coffer.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a Coffer process trusts when it calls a service over HTTPS: the JDK's root certificates plus, if given, the CA
 * that issued Coffer's own certificates (e.g. the local CA of a local run). Host names are verified by the caller's
 * HTTP client as usual.
 */
public final class TrustedRoots {

    private TrustedRoots() {
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
