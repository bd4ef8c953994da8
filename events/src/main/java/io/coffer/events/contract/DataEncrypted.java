package io.coffer.events.contract;

/**
 * crypto-service encrypted one message (topic {@code coffer.crypto.events}, keyed by repository; aggregate
 * {@code Message}, one event per message ID). {@code repositoryId} is the context's {@code aws:codecommit:id}, if any.
 */
public record DataEncrypted(String repositoryId, String messageId, long plaintextBytes, String keyArn,
        String algorithmSuite) {

    public static final String TYPE = "DataEncrypted";
    public static final String AGGREGATE = "Message";
}
