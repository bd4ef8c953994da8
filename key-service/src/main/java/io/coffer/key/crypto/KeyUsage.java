package io.coffer.key.crypto;

/** KMS's KeyUsageType: what a key may be used for, fixed when it is created. */
public enum KeyUsage {
    ENCRYPT_DECRYPT,
    SIGN_VERIFY,
    GENERATE_VERIFY_MAC,
    KEY_AGREEMENT,
    ENCAPSULATE_DECAPSULATE
}
