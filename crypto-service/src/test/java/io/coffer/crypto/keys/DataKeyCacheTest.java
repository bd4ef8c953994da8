package io.coffer.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coffer.crypto.format.EncryptedDataKey;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import io.coffer.kernel.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The cache's limits, partitioning and zeroing, with a counting key source standing in for key-service's answers. */
class DataKeyCacheTest {

    private static final EncryptionContext CONTEXT = EncryptionContext.of(Map.of("aws:codecommit:id", "r"));
    private static final Caller ALICE = caller("alice", "AKIAALICE");
    private static final Caller BOB = caller("bob", "AKIABOB");

    private final AtomicInteger generated = new AtomicInteger();
    private final List<DataKey> issued = new ArrayList<>();

    private static Caller caller(String user, String key) {
        return new Caller(new Principal("111122223333", user, key), "us-east-2", "crypto", "127.0.0.1", "test", "r",
                null);
    }

    private Supplier<DataKey> source() {
        return () -> {
            byte[] key = new byte[32];
            Arrays.fill(key, (byte) generated.incrementAndGet());
            DataKey dataKey = new DataKey(key, new byte[] {(byte) generated.get()}, "arn:aws:kms:us-east-2:1:key/k");
            issued.add(dataKey);
            return dataKey;
        };
    }

    private static DataKeyCache cache(long maxMessages, long maxBytes, Duration maxAge) {
        CryptoConfig.Cache limits = new CryptoConfig.Cache() {
            public boolean enabled() {
                return true;
            }

            public Duration maxAge() {
                return maxAge;
            }

            public long maxMessages() {
                return maxMessages;
            }

            public long maxBytes() {
                return maxBytes;
            }

            public int maxEntries() {
                return 2;
            }
        };
        CryptoConfig config = new CryptoConfig() {
            public URI keyServiceUrl() {
                return URI.create("http://unused");
            }

            public int frameLength() {
                return 65536;
            }

            public String defaultKeyId() {
                return "alias/aws/codecommit";
            }

            public Cache cache() {
                return limits;
            }
        };
        return new DataKeyCache(config, new SimpleMeterRegistry());
    }

    private byte[] encryptWith(DataKeyCache cache, Caller caller, long bytes) {
        DataKeyCache.Lease<byte[]> lease = cache.forEncrypt(caller, "k", CONTEXT, source(), byte[]::clone);
        cache.completed(lease, bytes);
        return lease.derived();
    }

    @Test
    void givenMessageLimit_whenExceeded_thenNewKeyAndOldOneZeroed() {
        DataKeyCache cache = cache(3, Long.MAX_VALUE, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            encryptWith(cache, ALICE, 10);
        }
        assertEquals(1, generated.get());
        encryptWith(cache, ALICE, 10);
        assertEquals(2, generated.get());
        // the replaced key was zeroed: any further use fails
        assertThrows(IllegalStateException.class, () -> issued.get(0).use(k -> k));
    }

    @Test
    void givenByteLimit_whenReached_thenNextMessageGetsNewKey() {
        DataKeyCache cache = cache(1000, 100, Duration.ofMinutes(5));
        encryptWith(cache, ALICE, 60);
        encryptWith(cache, ALICE, 60);
        assertEquals(1, generated.get());
        encryptWith(cache, ALICE, 1);
        assertEquals(2, generated.get());
    }

    @Test
    void givenMaxAge_whenPassed_thenNewKey() throws InterruptedException {
        DataKeyCache cache = cache(1000, Long.MAX_VALUE, Duration.ofMillis(50));
        encryptWith(cache, ALICE, 1);
        Thread.sleep(80);
        encryptWith(cache, ALICE, 1);
        assertEquals(2, generated.get());
    }

    @Test
    void givenTwoCallers_whenEncrypting_thenNeitherUsesTheOthersKey() {
        DataKeyCache cache = cache(1000, Long.MAX_VALUE, Duration.ofMinutes(5));
        assertNotEquals(encryptWith(cache, ALICE, 1)[0], encryptWith(cache, BOB, 1)[0]);
        assertEquals(2, generated.get());
    }

    @Test
    void givenDecryptSide_whenSameEncryptedKeyAgain_thenServedFromCacheUntilCleared() {
        DataKeyCache cache = cache(1000, Long.MAX_VALUE, Duration.ofMinutes(5));
        EncryptedDataKey edk = EncryptedDataKey.awsKms("arn:aws:kms:us-east-2:1:key/k", new byte[] {9});
        byte[] first = cache.forDecrypt(ALICE, edk, CONTEXT, source(), byte[]::clone);
        byte[] second = cache.forDecrypt(ALICE, edk, CONTEXT, source(), byte[]::clone);
        assertArrayEquals(first, second);
        assertEquals(1, generated.get());
        cache.forDecrypt(ALICE, edk, EncryptionContext.of(Map.of("aws:codecommit:id", "other")), source(),
                byte[]::clone);
        assertEquals(2, generated.get());
        cache.clear();
        issued.forEach(k -> assertThrows(IllegalStateException.class, () -> k.use(x -> x)));
    }
}
