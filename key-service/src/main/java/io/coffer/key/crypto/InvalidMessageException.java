package io.coffer.key.crypto;

/** A message the algorithm cannot take in that form: a digest of the wrong length, a message type it refuses. */
public class InvalidMessageException extends IllegalArgumentException {

    public InvalidMessageException(String message) {
        super(message);
    }
}
