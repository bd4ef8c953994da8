package io.coffer.key.crypto;

/** Sign/Verify's MessageType: the message itself, its digest, or ML-DSA's externally computed μ. */
public enum MessageType {
    RAW,
    DIGEST,
    EXTERNAL_MU
}
