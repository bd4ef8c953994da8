package io.coffer.events;

/** The Kafka topics of the design notes; dead letters of a topic go to {@code <topic>.dlq}. */
public final class Topics {

    public static final String REPOSITORY_EVENTS = "coffer.repository.events";
    /** Repository triggers as they fire: the self-hosted counterpart of CodeCommit's SNS notifications. */
    public static final String TRIGGER_EVENTS = "coffer.repository.triggers";
    public static final String KEY_EVENTS = "coffer.key.events";
    public static final String CRYPTO_EVENTS = "coffer.crypto.events";
    public static final String AUDIT_RECORDS = "coffer.audit.records";
    public static final String IDENTITY_EVENTS = "coffer.identity.events";

    private Topics() {
    }
}
