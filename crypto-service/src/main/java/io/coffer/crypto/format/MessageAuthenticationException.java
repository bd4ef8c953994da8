package io.coffer.crypto.format;

/**
 * A message that parses but does not authenticate: the commitment key does not match the data key, or the header's or
 * a frame's AES-GCM tag does not verify (any changed, dropped, duplicated or reordered byte or frame).
 */
public final class MessageAuthenticationException extends InvalidMessageException {

    public MessageAuthenticationException(String message) {
        super(message);
    }
}
