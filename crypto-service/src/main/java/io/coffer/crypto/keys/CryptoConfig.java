package io.coffer.crypto.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** crypto-service settings ({@code coffer.crypto.*}). */
@ConfigMapping(prefix = "coffer.crypto")
public interface CryptoConfig {

    /** key-service's KMS endpoint. */
    @WithDefault("http://127.0.0.1:8082")
    URI keyServiceUrl();

    /** Plaintext bytes per frame of new messages (random access reads whole frames). */
    @WithDefault("65536")
    int frameLength();

    /** The KMS key new messages are encrypted under when the caller names none. */
    @WithDefault("alias/aws/codecommit")
    String defaultKeyId();

    Cache cache();

    /**
     * The data-key cache, as the AWS Encryption SDK's caching materials manager: an encrypt-side entry is reused
     * for at most {@code maxMessages} messages and {@code maxBytes} plaintext bytes, and no entry lives longer than
     * {@code maxAge}. Entries are per caller, so a principal never uses a data key that key-service did not give it.
     */
    interface Cache {

        @WithDefault("true")
        boolean enabled();

        @WithDefault("PT5M")
        Duration maxAge();

        @WithDefault("1000")
        long maxMessages();

        /** 256 MiB */
        @WithDefault("268435456")
        long maxBytes();

        /** Entries per side (encrypt, decrypt); the least recently used is evicted and zeroed. */
        @WithDefault("1000")
        int maxEntries();
    }
}
