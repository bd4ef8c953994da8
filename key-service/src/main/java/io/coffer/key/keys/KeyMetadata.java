package io.coffer.key.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.coffer.aws.AwsTimestamps;
import java.math.BigDecimal;
import java.util.List;

/** KMS's KeyMetadata shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyMetadata(@JsonProperty("AWSAccountId") String awsAccountId, @JsonProperty("KeyId") String keyId,
        @JsonProperty("Arn") String arn, @JsonProperty("CreationDate") BigDecimal creationDate,
        @JsonProperty("Enabled") boolean enabled, @JsonProperty("Description") String description,
        @JsonProperty("KeyUsage") String keyUsage, @JsonProperty("KeyState") String keyState,
        @JsonProperty("DeletionDate") BigDecimal deletionDate,
        @JsonProperty("PendingDeletionWindowInDays") Integer pendingDeletionWindowInDays,
        @JsonProperty("Origin") String origin, @JsonProperty("KeyManager") String keyManager,
        @JsonProperty("CustomerMasterKeySpec") String customerMasterKeySpec, @JsonProperty("KeySpec") String keySpec,
        @JsonProperty("EncryptionAlgorithms") List<String> encryptionAlgorithms,
        @JsonProperty("MultiRegion") boolean multiRegion) {

    public static KeyMetadata of(KeyState key) {
        return new KeyMetadata(key.accountId(), key.keyId(), key.arn(),
                AwsTimestamps.epochSeconds(key.creationDate()), KeyStatus.ENABLED.equals(key.keyState()),
                key.description(), key.keyUsage(), key.keyState().wireName(),
                key.deletionDate() == null ? null : AwsTimestamps.epochSeconds(key.deletionDate()),
                key.pendingWindowInDays(), "AWS_KMS", key.keyManager(), key.keySpec(), key.keySpec(),
                List.of("SYMMETRIC_DEFAULT"), false);
    }
}
