package io.coffer.aws.tls;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Serves HTTPS through BoringSSL (netty-tcnative) rather than the JDK's TLS wherever its native library loads: the
 * same protocols, cipher suites and certificate, with records sealed and opened by BoringSSL's AES-GCM, which costs
 * a fraction of the JDK's CPU per byte. Every byte of a push, a clone and repo-service's calls to crypto-service
 * crosses TLS, so on a busy host this is CPU given back to the work itself. Elsewhere, or with
 * {@code coffer.tls.native-engine=false}, the JDK's TLS serves. Either way with a deadline for the first request's
 * head ({@link HeaderDeadline}).
 */
@ApplicationScoped
public class NativeTlsEngine implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(NativeTlsEngine.class);

    private final boolean enabled;

    public NativeTlsEngine(TlsConfig config) {
        this.enabled = config.nativeEngine();
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        if (!enabled) {
            LOG.info("coffer.tls.native-engine=false: HTTPS is served by the JDK's TLS");
            options.setSslEngineOptions(new HeaderDeadline.Jdk());
        } else if (OpenSSLEngineOptions.isAvailable()) {
            options.setSslEngineOptions(new HeaderDeadline.OpenSsl());
        } else {
            LOG.info("BoringSSL is not available on this platform: HTTPS is served by the JDK's TLS");
            options.setSslEngineOptions(new HeaderDeadline.Jdk());
        }
    }
}
