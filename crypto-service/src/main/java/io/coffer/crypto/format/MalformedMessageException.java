package io.coffer.crypto.format;

/** Bytes that do not parse as a message of an accepted suite: wrong version, bad lengths, truncation, trailing data. */
public final class MalformedMessageException extends InvalidMessageException {

    public MalformedMessageException(String message) {
        super(message);
    }
}
