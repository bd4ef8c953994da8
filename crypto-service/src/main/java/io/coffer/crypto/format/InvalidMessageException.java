package io.coffer.crypto.format;

/** A message that must not be decrypted; no plaintext of the failing frame or anything after it is released. */
public abstract class InvalidMessageException extends RuntimeException {

    protected InvalidMessageException(String message) {
        super(message, null, false, false);
    }
}
