package io.coffer.key.rootkey;

/** Wrapped key material failed authentication: altered, or wrapped under another root key. */
public class WrappedKeyCorruptedException extends RuntimeException {

    public WrappedKeyCorruptedException(String keyId, int version) {
        super("key material " + version + " of key " + keyId + " failed authentication under the root key");
    }
}
