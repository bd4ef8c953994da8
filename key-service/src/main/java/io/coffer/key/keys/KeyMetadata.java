package io.coffer.key.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.coffer.aws.AwsTimestamps;
import io.coffer.key.crypto.KeySpec;
import io.coffer.key.crypto.KeyUsage;
import java.math.BigDecimal;
import java.util.List;

/** KMS's KeyMetadata shape; algorithm lists a key's spec and usage do not have are left out, as KMS does. */
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
        @JsonProperty("SigningAlgorithms") List<String> signingAlgorithms,
        @JsonProperty("MacAlgorithms") List<String> macAlgorithms,
        @JsonProperty("KeyAgreementAlgorithms") List<String> keyAgreementAlgorithms,
        @JsonProperty("EncapsulationAlgorithms") List<String> encapsulationAlgorithms,
        @JsonProperty("MultiRegion") boolean multiRegion,
        @JsonProperty("MultiRegionConfiguration") MultiRegionConfiguration multiRegionConfiguration,
        @JsonProperty("CurrentKeyMaterialId") String currentKeyMaterialId,
        @JsonProperty("ExpirationModel") String expirationModel, @JsonProperty("ValidTo") BigDecimal validTo) {

    /** A key of a multi-Region set, by ARN and region. */
    public record MultiRegionKey(@JsonProperty("Arn") String arn, @JsonProperty("Region") String region) {

        static MultiRegionKey of(String arn) {
            return new MultiRegionKey(arn, arn.split(":")[3]);
        }
    }

    public record MultiRegionConfiguration(@JsonProperty("MultiRegionKeyType") String multiRegionKeyType,
            @JsonProperty("PrimaryKey") MultiRegionKey primaryKey,
            @JsonProperty("ReplicaKeys") List<MultiRegionKey> replicaKeys) {
    }

    public static KeyMetadata of(KeyState key) {
        KeySpec spec = key.spec();
        KeyUsage usage = key.usage();
        return new KeyMetadata(key.accountId(), key.externalId(), key.arn(),
                AwsTimestamps.epochSeconds(key.creationDate()), KeyStatus.ENABLED.equals(key.keyState()),
                key.description(), key.keyUsage(), key.keyState().wireName(),
                key.deletionDate() == null ? null : AwsTimestamps.epochSeconds(key.deletionDate()),
                key.pendingWindowInDays(), key.origin(), key.keyManager(),
                spec.hasCustomerMasterKeySpec() ? key.keySpec() : null, key.keySpec(),
                orNull(spec.encryptionAlgorithms(usage)),
                orNull(spec.signingAlgorithms(usage).stream().map(Enum::name).toList()),
                orNull(spec.macAlgorithms(usage).stream().map(Enum::name).toList()),
                orNull(spec.keyAgreementAlgorithms(usage)), orNull(spec.encapsulationAlgorithms(usage)),
                key.multiRegion() != null, multiRegion(key),
                spec.symmetric() && hasMaterialId(key) ? key.materialId(key.currentMaterialVersion()) : null,
                key.imported() == null ? null : key.imported().expirationModel(),
                key.imported() == null || key.imported().validTo() == null ? null
                        : AwsTimestamps.epochSeconds(key.imported().validTo()));
    }

    private static MultiRegionConfiguration multiRegion(KeyState key) {
        if (key.multiRegion() == null) {
            return null;
        }
        List<String> replicas = key.replica() ? List.of(key.arn()) : key.multiRegion().replicaArns();
        return new MultiRegionConfiguration(key.replica() ? "REPLICA" : "PRIMARY",
                MultiRegionKey.of(key.multiRegion().primaryArn()), replicas.stream().map(MultiRegionKey::of).toList());
    }

    /** Imported material keeps its ID after DeleteImportedKeyMaterial, as in KMS. */
    private static boolean hasMaterialId(KeyState key) {
        return hasMaterial(key) || key.imported() != null && key.imported().materialFingerprint() != null
                && !KeyStatus.DELETED.equals(key.keyState());
    }

    private static boolean hasMaterial(KeyState key) {
        return !KeyStatus.DELETED.equals(key.keyState()) && !KeyStatus.PENDING_IMPORT.equals(key.keyState())
                && !KeyStatus.CREATING.equals(key.keyState());
    }

    private static List<String> orNull(List<String> algorithms) {
        return algorithms.isEmpty() ? null : algorithms;
    }
}
