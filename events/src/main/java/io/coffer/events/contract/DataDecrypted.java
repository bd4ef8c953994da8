package io.coffer.events.contract;

/**
 * crypto-service decrypted a message, whole or by frames (topic {@code coffer.crypto.events}, keyed by repository;
 * aggregate {@code MessageRead} identified by message ID and caller session, so random access records one event per
 * opened message and session, not one per frame). {@code plaintextBytes} is what the first read of the session released.
 */
public record DataDecrypted(String repositoryId, String messageId, String session, long plaintextBytes,
        String keyArn, String algorithmSuite) {

    public static final String TYPE = "DataDecrypted";
    public static final String AGGREGATE = "MessageRead";
}
