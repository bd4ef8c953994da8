package io.coffer.key.kms;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.coffer.key.keys.KeyMetadata;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Request and response shapes of the KMS JSON API (member names in PascalCase, blobs base64). */
public final class KmsShapes {

    private KmsShapes() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record Tag(String tagKey, String tagValue) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateKeyRequest(String description, String keyUsage, String keySpec, String customerMasterKeySpec,
            String origin, String policy, List<Tag> tags, Boolean multiRegion, Boolean bypassPolicyLockoutSafetyCheck,
            String customKeyStoreId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record KeyIdRequest(String keyId) {
    }

    public record KeyMetadataResponse(@JsonProperty("KeyMetadata") KeyMetadata keyMetadata) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListRequest(String keyId, Integer limit, String marker) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record KeyListEntry(String keyId, String keyArn) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListKeysResponse(List<KeyListEntry> keys, String nextMarker, boolean truncated) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record AliasListEntry(String aliasName, String aliasArn, String targetKeyId, BigDecimal creationDate,
            BigDecimal lastUpdatedDate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListAliasesResponse(List<AliasListEntry> aliases, String nextMarker, boolean truncated) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record AliasRequest(String aliasName, String targetKeyId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ScheduleKeyDeletionRequest(String keyId, Integer pendingWindowInDays) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ScheduleKeyDeletionResponse(String keyId, BigDecimal deletionDate, String keyState,
            Integer pendingWindowInDays) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record KeyIdResponse(String keyId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record EnableKeyRotationRequest(String keyId, Integer rotationPeriodInDays) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetKeyRotationStatusResponse(boolean keyRotationEnabled, String keyId, Integer rotationPeriodInDays,
            BigDecimal nextRotationDate, BigDecimal onDemandRotationStartDate) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record RotationEntry(String keyId, String keyMaterialId, BigDecimal rotationDate, String rotationType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListKeyRotationsResponse(List<RotationEntry> rotations, String nextMarker, boolean truncated) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record KeyPolicyRequest(String keyId, String policyName, String policy,
            Boolean bypassPolicyLockoutSafetyCheck) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetKeyPolicyResponse(String policy, String policyName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record TagResourceRequest(String keyId, List<Tag> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UntagResourceRequest(String keyId, List<String> tagKeys) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListResourceTagsResponse(List<Tag> tags, String nextMarker, boolean truncated) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record EncryptRequest(String keyId, byte[] plaintext, Map<String, String> encryptionContext,
            String encryptionAlgorithm, List<String> grantTokens, Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record EncryptResponse(byte[] ciphertextBlob, String keyId, String encryptionAlgorithm) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DecryptRequest(byte[] ciphertextBlob, Map<String, String> encryptionContext, String keyId,
            String encryptionAlgorithm, List<String> grantTokens, Boolean dryRun, JsonNode recipient) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DecryptResponse(String keyId, byte[] plaintext, String encryptionAlgorithm, String keyMaterialId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReEncryptRequest(byte[] ciphertextBlob, Map<String, String> sourceEncryptionContext,
            String sourceKeyId, String destinationKeyId, Map<String, String> destinationEncryptionContext,
            String sourceEncryptionAlgorithm, String destinationEncryptionAlgorithm, List<String> grantTokens,
            Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReEncryptResponse(byte[] ciphertextBlob, String sourceKeyId, String keyId,
            String sourceEncryptionAlgorithm, String destinationEncryptionAlgorithm) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GenerateDataKeyRequest(String keyId, Map<String, String> encryptionContext, Integer numberOfBytes,
            String keySpec, List<String> grantTokens, Boolean dryRun, JsonNode recipient) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GenerateDataKeyResponse(byte[] ciphertextBlob, byte[] plaintext, String keyId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GenerateRandomRequest(Integer numberOfBytes, String customKeyStoreId, JsonNode recipient) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GenerateRandomResponse(byte[] plaintext) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReplicateKeyRequest(String keyId, String replicaRegion, String policy,
            Boolean bypassPolicyLockoutSafetyCheck, String description, List<Tag> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReplicateKeyResponse(KeyMetadata replicaKeyMetadata, String replicaPolicy, List<Tag> replicaTags) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdatePrimaryRegionRequest(String keyId, String primaryRegion) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateKeyDescriptionRequest(String keyId, String description) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListKeyPoliciesResponse(List<String> policyNames, String nextMarker, boolean truncated) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetPublicKeyRequest(String keyId, List<String> grantTokens) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetPublicKeyResponse(String keyId, byte[] publicKey, String customerMasterKeySpec, String keySpec,
            String keyUsage, List<String> encryptionAlgorithms, List<String> signingAlgorithms,
            List<String> keyAgreementAlgorithms, List<String> encapsulationAlgorithms) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record EncapsulateRequest(String keyId, String encapsulationAlgorithm, List<String> grantTokens,
            Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record EncapsulateResponse(String keyId, byte[] sharedSecret, byte[] sharedSecretCiphertextBlob,
            String encapsulationAlgorithm) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DecapsulateRequest(String keyId, byte[] sharedSecretCiphertextBlob, String encapsulationAlgorithm,
            List<String> grantTokens, Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DecapsulateResponse(String keyId, byte[] sharedSecret, String encapsulationAlgorithm) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SignRequest(String keyId, byte[] message, String messageType, String signingAlgorithm,
            List<String> grantTokens, Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SignResponse(String keyId, byte[] signature, String signingAlgorithm) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record VerifyRequest(String keyId, byte[] message, String messageType, byte[] signature,
            String signingAlgorithm, List<String> grantTokens, Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record VerifyResponse(String keyId, boolean signatureValid, String signingAlgorithm) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GenerateMacRequest(String keyId, byte[] message, String macAlgorithm, List<String> grantTokens,
            Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GenerateMacResponse(byte[] mac, String macAlgorithm, String keyId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record VerifyMacRequest(String keyId, byte[] message, String macAlgorithm, byte[] mac,
            List<String> grantTokens, Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record VerifyMacResponse(String keyId, boolean macValid, String macAlgorithm) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeriveSharedSecretRequest(String keyId, String keyAgreementAlgorithm, byte[] publicKey,
            List<String> grantTokens, Boolean dryRun, JsonNode recipient) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeriveSharedSecretResponse(String keyId, byte[] sharedSecret, String keyAgreementAlgorithm,
            String keyOrigin) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GenerateDataKeyPairRequest(String keyId, Map<String, String> encryptionContext,
            String keyPairSpec, List<String> grantTokens, Boolean dryRun, JsonNode recipient) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GenerateDataKeyPairResponse(byte[] privateKeyCiphertextBlob, byte[] privateKeyPlaintext,
            byte[] publicKey, String keyId, String keyPairSpec, String keyMaterialId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GrantConstraints(Map<String, String> encryptionContextSubset,
            Map<String, String> encryptionContextEquals) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateGrantRequest(String keyId, String granteePrincipal, String retiringPrincipal,
            List<String> operations, GrantConstraints constraints, List<String> grantTokens, String name,
            Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateGrantResponse(String grantToken, String grantId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListGrantsRequest(String keyId, Integer limit, String marker, String grantId,
            String granteePrincipal, String retiringPrincipal) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GrantListEntry(String keyId, String grantId, String name, BigDecimal creationDate,
            String granteePrincipal, String retiringPrincipal, String issuingAccount, List<String> operations,
            GrantConstraints constraints) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListGrantsResponse(List<GrantListEntry> grants, String nextMarker, boolean truncated) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record RetireGrantRequest(String grantToken, String keyId, String grantId, Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record RevokeGrantRequest(String keyId, String grantId, Boolean dryRun) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record KeyLastUsageData(String operation, BigDecimal timestamp, String cloudTrailEventId,
            String kmsRequestId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetKeyLastUsageResponse(String keyId, KeyLastUsageData keyLastUsage, BigDecimal trackingStartDate,
            BigDecimal keyCreationDate) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetParametersForImportRequest(String keyId, String wrappingAlgorithm, String wrappingKeySpec) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetParametersForImportResponse(String keyId, byte[] importToken, byte[] publicKey,
            BigDecimal parametersValidTo) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ImportKeyMaterialRequest(String keyId, byte[] importToken, byte[] encryptedKeyMaterial,
            BigDecimal validTo, String expirationModel, String importType, String keyMaterialDescription,
            String keyMaterialId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record KeyMaterialResponse(String keyId, String keyMaterialId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteImportedKeyMaterialRequest(String keyId, String keyMaterialId) {
    }
}
