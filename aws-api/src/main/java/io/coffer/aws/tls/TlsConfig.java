package io.coffer.aws.tls;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** HTTPS: the certificate a service serves, what it trusts when it calls another, and which TLS engine serves. */
@ConfigMapping(prefix = "coffer.tls")
public interface TlsConfig {

    /** The served certificate chain (PEM), which Quarkus's TLS registry reads (see microprofile-config.properties). */
    Path certificateFile();

    /** The served certificate's private key (PEM). */
    Path keyFile();

    /** A CA (PEM) trusted besides the JDK's roots for calls to other services, e.g. the local CA of a local run. */
    Optional<Path> trustCaFile();

    /** Serve HTTPS through BoringSSL where its native library loads ({@link NativeTlsEngine}). */
    @WithDefault("true")
    boolean nativeEngine();
}
