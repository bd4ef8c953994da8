package io.coffer.crypto.wire;

import java.util.Set;

/** The HTTP contract of crypto-service's internal API, shared by the service and {@link CryptoClient}. */
public final class CryptoHeaders {

    /** SigV4 signing name of crypto-service. */
    public static final String SIGNING_NAME = "crypto";
    public static final Set<String> SIGNING_NAMES = Set.of(SIGNING_NAME);
    /** Base64 of the JSON object of the encryption context (request). */
    public static final String ENCRYPTION_CONTEXT = "x-coffer-encryption-context";
    /** KMS key ID, ARN or alias for a new message (request, optional: the repository key alias by default). */
    public static final String KEY_ID = "x-coffer-key-id";
    /** Groups frame-run reads of one message into one DataDecrypted event (request, optional). */
    public static final String SESSION = "x-coffer-session";
    /** Hex message ID (response). */
    public static final String MESSAGE_ID = "x-coffer-message-id";
    /** ARN of the KMS key of a new message (response). */
    public static final String KEY_ARN = "x-coffer-key-arn";
    /** Bytes of a new message's header, after which its frames start (response). */
    public static final String HEADER_LENGTH = "x-coffer-header-length";
    /** Plaintext bytes per frame of a new message (response). */
    public static final String FRAME_LENGTH = "x-coffer-frame-length";

    private CryptoHeaders() {
    }
}
