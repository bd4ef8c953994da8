package io.coffer.key.keys;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The states a KMS key moves through, under the names KMS gives them on the wire ({@code KeyMetadata.KeyState}). */
public enum KeyStatus {

    /** A multi-Region replica whose material the replicator has not copied yet. */
    CREATING("Creating"),
    ENABLED("Enabled"),
    DISABLED("Disabled"),
    /** Scheduled for deletion: unusable, and cancellable until the date. */
    PENDING_DELETION("PendingDeletion"),
    /** An EXTERNAL key without material: made, or its imported material deleted or expired. */
    PENDING_IMPORT("PendingImport"),
    /** Its material is destroyed; nothing it encrypted can be decrypted again. */
    DELETED("Deleted");

    private final String wireName;

    KeyStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The state as KMS's messages word it: "pending import" in "{arn} is pending import.". */
    public String inWords() {
        return wireName.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static KeyStatus fromWireName(String wireName) {
        for (KeyStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("not a key state: " + wireName);
    }
}
