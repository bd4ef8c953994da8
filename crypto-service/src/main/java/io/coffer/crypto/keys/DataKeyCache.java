package io.coffer.crypto.keys;

import io.coffer.crypto.format.EncryptedDataKey;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Data keys kept in memory so that many small messages do not cost a key-service call each, in the style of the AWS
 * Encryption SDK's caching materials manager. Encrypt side: keyed by caller, region, KMS key ID and encryption context;
 * an entry serves at most {@code max-messages} messages and {@code max-bytes} plaintext bytes (counted when a message
 * completes, so the last message may overshoot) within {@code max-age}. Decrypt side: keyed by caller, region, the
 * encrypted data key and the context, within {@code max-age}. Both are LRU-bounded; an evicted or expired key is
 * zeroed. The plaintext key is only used under the cache's lock, so zeroing never races a use.
 */
@ApplicationScoped
public class DataKeyCache {

    private final CryptoConfig.Cache config;
    private final Side encrypt;
    private final Side decrypt;

    public DataKeyCache(CryptoConfig config, MeterRegistry metrics) {
        this.config = config.cache();
        this.encrypt = new Side("encrypt", metrics);
        this.decrypt = new Side("decrypt", metrics);
    }

    /** What a new message gets: the blob and ARN to put in its header, and whatever {@code derive} made of the key. */
    public record Lease<T>(T derived, byte[] ciphertextBlob, String keyArn, Object entry) {
    }

    /**
     * A data key for one new message: cached if an entry is within its limits, else {@code generate}d. {@code derive}
     * runs with the plaintext key and must not keep it. Call {@link #completed} with the message's plaintext length.
     */
    public <T> Lease<T> forEncrypt(Caller caller, String keyId, EncryptionContext context, Supplier<DataKey> generate,
            Function<byte[], T> derive) {
        if (!config.enabled()) {
            DataKey key = generate.get();
            try {
                return new Lease<>(key.use(derive), key.ciphertextBlob(), key.keyArn(), null);
            } finally {
                key.destroy();
            }
        }
        Object cacheKey = java.util.List.of(caller.principal().arn(), caller.region(), keyId, context);
        synchronized (encrypt) {
            Entry entry = encrypt.fresh(cacheKey, config);
            if (entry != null && entry.messages < config.maxMessages() && entry.bytes < config.maxBytes()) {
                entry.messages++;
                encrypt.hits.increment();
                return new Lease<>(entry.key.use(derive), entry.key.ciphertextBlob(), entry.key.keyArn(), entry);
            }
        }
        encrypt.misses.increment();
        DataKey key = generate.get();
        synchronized (encrypt) {
            Entry entry = new Entry(key);
            entry.messages = 1;
            encrypt.put(cacheKey, entry, config.maxEntries());
            return new Lease<>(key.use(derive), key.ciphertextBlob(), key.keyArn(), entry);
        }
    }

    /** Counts a finished message's plaintext against its cached key's byte limit. */
    public void completed(Lease<?> lease, long plaintextBytes) {
        if (lease.entry() instanceof Entry entry) {
            synchronized (encrypt) {
                entry.bytes += plaintextBytes;
            }
        }
    }

    /**
     * Runs {@code use} with the plaintext of {@code edk}: cached, or {@code decrypt}ed at key-service and cached.
     */
    public <T> T forDecrypt(Caller caller, EncryptedDataKey edk, EncryptionContext context, Supplier<DataKey> decryptKey,
            Function<byte[], T> use) {
        if (!config.enabled()) {
            DataKey key = decryptKey.get();
            try {
                return key.use(use);
            } finally {
                key.destroy();
            }
        }
        Object cacheKey = java.util.List.of(caller.principal().arn(), caller.region(), edk.providerId(),
                ByteBuffer.wrap(edk.providerInfo()), ByteBuffer.wrap(edk.ciphertext()), context);
        synchronized (decrypt) {
            Entry entry = decrypt.fresh(cacheKey, config);
            if (entry != null) {
                decrypt.hits.increment();
                return entry.key.use(use);
            }
        }
        decrypt.misses.increment();
        DataKey key = decryptKey.get();
        synchronized (decrypt) {
            decrypt.put(cacheKey, new Entry(key), config.maxEntries());
            return key.use(use);
        }
    }

    /** Zeroes and forgets every cached key. */
    @PreDestroy
    public void clear() {
        for (Side side : new Side[] {encrypt, decrypt}) {
            synchronized (side) {
                side.entries.values().forEach(e -> e.key.destroy());
                side.entries.clear();
            }
        }
    }

    private static final class Entry {
        final DataKey key;
        final long createdAt = System.nanoTime();
        long messages;
        long bytes;

        Entry(DataKey key) {
            this.key = key;
        }
    }

    private static final class Side {
        final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
        final Counter hits;
        final Counter misses;

        Side(String name, MeterRegistry metrics) {
            hits = metrics.counter("coffer.crypto.datakey.cache", "side", name, "result", "hit");
            misses = metrics.counter("coffer.crypto.datakey.cache", "side", name, "result", "miss");
        }

        /** The entry if present and younger than max-age; an expired one is removed and zeroed. */
        Entry fresh(Object key, CryptoConfig.Cache config) {
            Entry entry = entries.get(key);
            if (entry != null && System.nanoTime() - entry.createdAt >= config.maxAge().toNanos()) {
                entries.remove(key);
                entry.key.destroy();
                return null;
            }
            return entry;
        }

        void put(Object key, Entry entry, int maxEntries) {
            Entry replaced = entries.put(key, entry);
            if (replaced != null) {
                replaced.key.destroy();
            }
            for (Iterator<Map.Entry<Object, Entry>> it = entries.entrySet().iterator(); entries.size() > maxEntries;) {
                it.next().getValue().key.destroy();
                it.remove();
            }
        }
    }
}
