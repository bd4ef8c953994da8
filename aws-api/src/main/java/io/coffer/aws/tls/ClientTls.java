package io.coffer.aws.tls;

import io.coffer.kernel.TrustedRoots;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

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
        this.trustManagers = TrustedRoots.trustManagers(config.trustCaFile());
        this.context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers, null);
    }

    public SSLContext context() {
        return context;
    }

    public TrustManager[] trustManagers() {
        return trustManagers.clone();
    }
}
