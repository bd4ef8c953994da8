package io.coffer.key.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.aws.AwsJsonApi;
import io.coffer.aws.AwsOperation;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.CloudTrailResource;
import io.coffer.key.keys.KeyAuthorizer;
import io.coffer.key.keys.KeyProjector;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.KmsErrors;
import io.coffer.key.kms.KmsShapes.AliasRequest;
import io.coffer.key.kms.KmsShapes.CreateGrantRequest;
import io.coffer.key.kms.KmsShapes.CreateKeyRequest;
import io.coffer.key.kms.KmsShapes.DecapsulateRequest;
import io.coffer.key.kms.KmsShapes.DecryptRequest;
import io.coffer.key.kms.KmsShapes.DeleteImportedKeyMaterialRequest;
import io.coffer.key.kms.KmsShapes.DeriveSharedSecretRequest;
import io.coffer.key.kms.KmsShapes.EnableKeyRotationRequest;
import io.coffer.key.kms.KmsShapes.EncapsulateRequest;
import io.coffer.key.kms.KmsShapes.EncryptRequest;
import io.coffer.key.kms.KmsShapes.GenerateDataKeyPairRequest;
import io.coffer.key.kms.KmsShapes.GenerateDataKeyRequest;
import io.coffer.key.kms.KmsShapes.GenerateMacRequest;
import io.coffer.key.kms.KmsShapes.GenerateRandomRequest;
import io.coffer.key.kms.KmsShapes.GetParametersForImportRequest;
import io.coffer.key.kms.KmsShapes.GetPublicKeyRequest;
import io.coffer.key.kms.KmsShapes.ImportKeyMaterialRequest;
import io.coffer.key.kms.KmsShapes.KeyIdRequest;
import io.coffer.key.kms.KmsShapes.KeyPolicyRequest;
import io.coffer.key.kms.KmsShapes.ListGrantsRequest;
import io.coffer.key.kms.KmsShapes.ListRequest;
import io.coffer.key.kms.KmsShapes.ReEncryptRequest;
import io.coffer.key.kms.KmsShapes.ReplicateKeyRequest;
import io.coffer.key.kms.KmsShapes.RetireGrantRequest;
import io.coffer.key.kms.KmsShapes.RevokeGrantRequest;
import io.coffer.key.kms.KmsShapes.ScheduleKeyDeletionRequest;
import io.coffer.key.kms.KmsShapes.SignRequest;
import io.coffer.key.kms.KmsShapes.TagResourceRequest;
import io.coffer.key.kms.KmsShapes.UntagResourceRequest;
import io.coffer.key.kms.KmsShapes.UpdateKeyDescriptionRequest;
import io.coffer.key.kms.KmsShapes.UpdatePrimaryRegionRequest;
import io.coffer.key.kms.KmsShapes.VerifyMacRequest;
import io.coffer.key.kms.KmsShapes.VerifyRequest;
import io.coffer.key.usage.KeyLastUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The AWS KMS JSON API ({@code TrentService}). */
@ApplicationScoped
public class KmsApi implements AwsJsonApi {

    /** Request members CloudTrail never shows: they carry plaintext or ciphertext. */
    private static final Set<String> SECRET_MEMBERS = Set.of("Plaintext", "CiphertextBlob", "Message", "Mac",
            "Signature", "EncryptedKeyMaterial", "ImportToken", "SharedSecretCiphertextBlob");

    /** Custom key stores (CloudHSM, external) need hardware Coffer does not front: refused clearly, after IAM. */
    private static final List<String> CUSTOM_KEY_STORE_OPERATIONS = List.of("CreateCustomKeyStore",
            "ConnectCustomKeyStore", "DeleteCustomKeyStore", "DescribeCustomKeyStores", "DisconnectCustomKeyStore",
            "UpdateCustomKeyStore");

    /** Operations without a key: identity-based policies alone decide, on resource {@code *}. */
    private static final Set<String> WITHOUT_KEY = Set.of("CreateKey", "ListKeys", "ListAliases", "GenerateRandom",
            "ListRetirableGrants",
            "CreateCustomKeyStore", "ConnectCustomKeyStore", "DeleteCustomKeyStore", "DescribeCustomKeyStores",
            "DisconnectCustomKeyStore", "UpdateCustomKeyStore");

    /** The operations GetKeyLastUsage reports, with its name for each. */
    private static final Map<String, String> TRACKED_OPERATIONS = Map.ofEntries(Map.entry("Decrypt", "DECRYPT"),
            Map.entry("DeriveSharedSecret", "DERIVE_SHARED_SECRET"), Map.entry("Encrypt", "ENCRYPT"),
            Map.entry("GenerateDataKey", "GENERATE_DATA_KEY"), Map.entry("GenerateDataKeyPair",
                    "GENERATE_DATA_KEY_PAIR"), Map.entry("GenerateDataKeyPairWithoutPlaintext",
                    "GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT"), Map.entry("GenerateDataKeyWithoutPlaintext",
                    "GENERATE_DATA_KEY_WITHOUT_PLAINTEXT"), Map.entry("GenerateMac", "GENERATE_MAC"),
            Map.entry("ReEncrypt", "RE_ENCRYPT"), Map.entry("Sign", "SIGN"), Map.entry("Verify", "VERIFY"),
            Map.entry("VerifyMac", "VERIFY_MAC"), Map.entry("Encapsulate", "ENCAPSULATE"),
            Map.entry("Decapsulate", "DECAPSULATE"));

    private final Map<String, AwsOperation<?, ?>> operations = new LinkedHashMap<>();
    private final KeyAuthorizer access;
    private final KeyLastUsage usage;
    private final KeyProjector projector;

    public KmsApi(KeyManagement manage, KeyQueries query, KeyCryptography crypto, KeySigning signing,
            KeyGrants grants, KeyImports imports, KeyAuthorizer access, KeyLastUsage usage, KeyProjector projector) {
        this.projector = projector;
        this.access = access;
        this.usage = usage;
        add(AwsOperation.command("CreateKey", CreateKeyRequest.class, manage::createKey));
        add(AwsOperation.command("EnableKey", KeyIdRequest.class, manage::enableKey));
        add(AwsOperation.command("DisableKey", KeyIdRequest.class, manage::disableKey));
        add(AwsOperation.command("ScheduleKeyDeletion", ScheduleKeyDeletionRequest.class,
                manage::scheduleKeyDeletion));
        add(AwsOperation.command("CancelKeyDeletion", KeyIdRequest.class, manage::cancelKeyDeletion));
        add(AwsOperation.command("EnableKeyRotation", EnableKeyRotationRequest.class, manage::enableKeyRotation));
        add(AwsOperation.command("DisableKeyRotation", KeyIdRequest.class, manage::disableKeyRotation));
        add(AwsOperation.command("RotateKeyOnDemand", KeyIdRequest.class, manage::rotateKeyOnDemand));
        add(AwsOperation.command("PutKeyPolicy", KeyPolicyRequest.class, manage::putKeyPolicy));
        add(AwsOperation.command("CreateAlias", AliasRequest.class, manage::createAlias));
        add(AwsOperation.command("UpdateAlias", AliasRequest.class, manage::updateAlias));
        add(AwsOperation.command("DeleteAlias", AliasRequest.class, manage::deleteAlias));
        add(AwsOperation.command("ReplicateKey", ReplicateKeyRequest.class, manage::replicateKey));
        add(AwsOperation.command("UpdatePrimaryRegion", UpdatePrimaryRegionRequest.class,
                manage::updatePrimaryRegion));
        add(AwsOperation.command("UpdateKeyDescription", UpdateKeyDescriptionRequest.class,
                manage::updateKeyDescription));
        add(AwsOperation.command("TagResource", TagResourceRequest.class, manage::tagResource));
        add(AwsOperation.command("UntagResource", UntagResourceRequest.class, manage::untagResource));
        add(AwsOperation.command("CreateGrant", CreateGrantRequest.class, grants::createGrant));
        add(AwsOperation.command("RetireGrant", RetireGrantRequest.class, grants::retireGrant));
        add(AwsOperation.command("RevokeGrant", RevokeGrantRequest.class, grants::revokeGrant));
        add(AwsOperation.command("GetParametersForImport", GetParametersForImportRequest.class,
                imports::getParametersForImport).withoutResponseRecord());
        add(AwsOperation.command("ImportKeyMaterial", ImportKeyMaterialRequest.class, imports::importKeyMaterial));
        add(AwsOperation.command("DeleteImportedKeyMaterial", DeleteImportedKeyMaterialRequest.class,
                imports::deleteImportedKeyMaterial));
        add(AwsOperation.query("ListGrants", ListGrantsRequest.class, grants::listGrants));
        add(AwsOperation.query("ListRetirableGrants", ListGrantsRequest.class, grants::listRetirableGrants));
        add(AwsOperation.query("DescribeKey", KeyIdRequest.class, query::describeKey));
        add(AwsOperation.query("ListKeys", ListRequest.class, query::listKeys));
        add(AwsOperation.query("ListAliases", ListRequest.class, query::listAliases));
        add(AwsOperation.query("GetKeyRotationStatus", KeyIdRequest.class, query::getKeyRotationStatus));
        add(AwsOperation.query("ListKeyRotations", ListRequest.class, query::listKeyRotations));
        add(AwsOperation.query("GetKeyPolicy", KeyPolicyRequest.class, query::getKeyPolicy));
        add(AwsOperation.query("GetKeyLastUsage", KeyIdRequest.class, query::getKeyLastUsage));
        add(AwsOperation.query("ListKeyPolicies", ListRequest.class, query::listKeyPolicies));
        add(AwsOperation.query("ListResourceTags", ListRequest.class, query::listResourceTags));
        add(AwsOperation.query("Encrypt", EncryptRequest.class, crypto::encrypt).withoutResponseRecord());
        add(AwsOperation.query("Decrypt", DecryptRequest.class, crypto::decrypt).withoutResponseRecord());
        add(AwsOperation.query("ReEncrypt", ReEncryptRequest.class, crypto::reEncrypt).withoutResponseRecord());
        add(AwsOperation.query("GenerateDataKey", GenerateDataKeyRequest.class, crypto::generateDataKey)
                .withoutResponseRecord());
        add(AwsOperation.query("GenerateDataKeyWithoutPlaintext", GenerateDataKeyRequest.class,
                crypto::generateDataKeyWithoutPlaintext).withoutResponseRecord());
        add(AwsOperation.query("GenerateDataKeyPair", GenerateDataKeyPairRequest.class,
                crypto::generateDataKeyPair).withoutResponseRecord());
        add(AwsOperation.query("GenerateDataKeyPairWithoutPlaintext", GenerateDataKeyPairRequest.class,
                crypto::generateDataKeyPairWithoutPlaintext).withoutResponseRecord());
        add(AwsOperation.query("GenerateRandom", GenerateRandomRequest.class, crypto::generateRandom)
                .withoutResponseRecord());
        add(AwsOperation.query("Sign", SignRequest.class, signing::sign).withoutResponseRecord());
        add(AwsOperation.query("Verify", VerifyRequest.class, signing::verify).withoutResponseRecord());
        add(AwsOperation.query("GetPublicKey", GetPublicKeyRequest.class, signing::getPublicKey)
                .withoutResponseRecord());
        add(AwsOperation.query("GenerateMac", GenerateMacRequest.class, signing::generateMac)
                .withoutResponseRecord());
        add(AwsOperation.query("VerifyMac", VerifyMacRequest.class, signing::verifyMac).withoutResponseRecord());
        add(AwsOperation.query("Encapsulate", EncapsulateRequest.class, signing::encapsulate)
                .withoutResponseRecord());
        add(AwsOperation.query("Decapsulate", DecapsulateRequest.class, signing::decapsulate)
                .withoutResponseRecord());
        add(AwsOperation.query("DeriveSharedSecret", DeriveSharedSecretRequest.class, signing::deriveSharedSecret)
                .withoutResponseRecord());
        for (String operation : CUSTOM_KEY_STORE_OPERATIONS) {
            add(AwsOperation.query(operation, JsonNode.class, (caller, request) -> {
                throw KmsErrors.unsupported(operation + ": custom key stores (AWS CloudHSM or external key "
                        + "managers) are not supported by Coffer");
            }));
        }
    }

    private void add(AwsOperation<?, ?> operation) {
        operations.put(operation.name(), operation);
    }

    @Override
    public String targetPrefix() {
        return "TrentService";
    }

    @Override
    public Set<String> signingNames() {
        return Set.of("kms");
    }

    @Override
    public String eventSource() {
        return "kms.amazonaws.com";
    }

    @Override
    public Map<String, AwsOperation<?, ?>> operations() {
        return operations;
    }

    /**
     * Operations on a key are authorized by their handlers, once the key (and with it its key policy) is found;
     * the others here.
     */
    @Override
    public void authorize(Caller caller, String operation, JsonNode request) {
        GrantTokens.check(request.path("GrantTokens"));
        if (WITHOUT_KEY.contains(operation)) {
            access.authorizeWithoutKey(caller, "kms:" + operation);
        }
    }

    /** A successful cryptographic call is its keys' last use (ReEncrypt uses both of its keys). */
    @Override
    public void recorded(Caller caller, String operation, CloudTrailRecord record) {
        String tracked = TRACKED_OPERATIONS.get(operation);
        if (tracked == null) {
            return;
        }
        KeyLastUsage.Use use = new KeyLastUsage.Use(tracked, Instant.now(), record.eventId(), caller.requestId());
        for (String arn : record.resourceArns()) {
            int key = arn.indexOf(":key/");
            if (key < 0) {
                continue;
            }
            String id = arn.substring(key + 5);
            // a multi-Region key's ID is shared by its replicas: its ARN names the one used
            (id.startsWith("mrk-") ? projector.findByArn(arn).map(KeyState::keyId) : Optional.of(id))
                    .ifPresent(keyId -> usage.used(UUID.fromString(keyId), use));
        }
    }

    @Override
    public String internalErrorType() {
        return "KMSInternalException";
    }

    /** The key store timing out is KMS's DependencyTimeoutException; anything else is a KMSInternalException. */
    @Override
    public AwsException failure(RuntimeException e) {
        return KmsErrors.dependencyTimeout(e);
    }

    /**
     * The key the call used: from the response where the call succeeded, else the key ARNs the request named (a
     * refused call names its key as the caller gave it; only a key ARN identifies it for certain).
     */
    @Override
    public List<CloudTrailResource> resources(Caller caller, String operation, JsonNode request,
            JsonNode response) {
        List<CloudTrailResource> keys = new ArrayList<>();
        for (JsonNode arn : List.of(response.path("KeyMetadata").path("Arn"),
                response.path("ReplicaKeyMetadata").path("Arn"), response.path("SourceKeyId"),
                response.path("KeyId"), request.path("KeyId"), request.path("SourceKeyId"),
                request.path("DestinationKeyId"))) {
            if (arn.isTextual() && arn.asText().startsWith("arn:") && arn.asText().contains(":key/") && keys.stream()
                    .noneMatch(k -> k.arn().equals(arn.asText()))) {
                keys.add(new CloudTrailResource(arn.asText(), KmsErrors.KEY_RESOURCE));
            }
        }
        return keys;
    }

    /** CloudTrail's form: camelCase members, never plaintext or ciphertext; context keys and values as given. */
    @Override
    public JsonNode requestParameters(String operation, JsonNode request) {
        return camelCase(request, true);
    }

    @Override
    public JsonNode responseElements(String operation, JsonNode response) {
        return camelCase(response, true);
    }

    private static JsonNode camelCase(JsonNode node, boolean dropSecrets) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (dropSecrets && SECRET_MEMBERS.contains(name) || field.getValue().isNull()) {
                continue;
            }
            String camel = name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
            boolean isContext = name.endsWith("EncryptionContext");
            out.set(camel, isContext ? field.getValue() : camelCase(field.getValue(), dropSecrets));
        }
        return out;
    }
}
