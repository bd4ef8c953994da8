package io.coffer.repo.repository;

import io.coffer.aws.identity.Identities;
import io.coffer.aws.kms.KeyServiceClients;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import io.coffer.repo.RepoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Whether a caller may use a repository's KMS key for everything CodeCommit does with it, asked of key-service on
 * the caller's behalf, as CodeCommit does: the key must exist, be enabled and be a symmetric encryption key, and
 * the caller must be allowed kms:DescribeKey, GenerateDataKey, Decrypt, ReEncrypt, GenerateDataKeyWithoutPlaintext
 * and Encrypt with the repository's encryption context. An explicit Deny on any one of them refuses the repository
 * (CodeCommit's encryption guide), and each refusal is in the audit trail as the KMS call that was refused.
 *
 * <p>A passed check is remembered for {@code coffer.repo.key-access-ttl} per access key, repository and key, and
 * forgotten at once when the identities in force change or any key changes ({@link KeyChangeListener}), so a new
 * Deny, a disabled key or a new key policy takes effect with the next request. (The check is six KMS calls, about
 * 0.3 s before a Git command could start.)
 */
@ApplicationScoped
public class EncryptionKeyAccess {

    private static final int MAX_REMEMBERED = 100_000;

    private final KeyServiceClients clients;
    private final URI keyService;
    private final Identities identities;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();
    private final Map<Passed, Instant> passed = new ConcurrentHashMap<>();

    public EncryptionKeyAccess(KeyServiceClients clients, Identities identities, RepoConfig config) {
        this.clients = clients;
        this.keyService = config.keyServiceUrl();
        this.identities = identities;
        this.ttl = config.keyAccessTtl();
    }

    private record Passed(String accessKeyId, String repositoryId, String keyId, String identitiesVersion) {
    }

    /** Forgets every passed check: a key changed (state, policy, material…), so each must be made again. */
    void keysChanged() {
        passed.clear();
    }

    /** The region's AWS-managed key, by the alias CodeCommit uses; key-service makes it on first use. */
    public static String awsManagedKey() {
        return KeyProvisioned.CODECOMMIT_ALIAS;
    }

    /**
     * @param keyId        the key as the caller named it (ID, ARN, alias) or {@link #awsManagedKey()}
     * @param repositoryId the repository whose encryption context the key is tried with
     * @return the key's ARN
     * @throws AwsException CodeCommit's EncryptionKey* error for any refusal
     */
    public String verify(Caller caller, String keyId, String repositoryId) {
        if (keyId.isBlank() || keyId.length() > 2048) {
            throw CodeCommitErrors.keyInvalidId();
        }
        Passed check = new Passed(caller.principal().accessKeyId(), repositoryId, keyId,
                identities.current().version());
        Instant until = passed.get(check);
        if (until != null && until.isAfter(clock.instant())) {
            return keyId;
        }
        String arn;
        try {
            arn = verifyAtKeyService(caller, keyId, repositoryId);
        } catch (KmsException e) {
            throw refused(e);
        } catch (SdkClientException e) {
            throw CodeCommitErrors.keyNotUsable("unknown: key-service cannot be reached");
        }
        if (passed.size() >= MAX_REMEMBERED) {
            passed.clear();
        }
        // remembered under the ARN, the name Git requests use
        passed.put(new Passed(check.accessKeyId(), repositoryId, arn, check.identitiesVersion()),
                clock.instant().plus(ttl));
        return arn;
    }

    private String verifyAtKeyService(Caller caller, String keyId, String repositoryId) {
        KmsClient kms = clients.client(keyService, caller.region());
        Consumer<AwsRequestOverrideConfiguration.Builder> onBehalf =
                KeyServiceClients.onBehalfOf(caller, KeyProvisioned.CODECOMMIT_SERVICE);
        Map<String, String> context = EncryptionContext.forRepository(repositoryId).asMap();
        GenerateDataKeyResponse dataKey = null;
        String described = keyId;
        if (awsManagedKey().equals(keyId)) {
            // first, so that a region's key made on this first use records the repository it was made for
            dataKey = throwawayDataKey(kms, keyId, context, onBehalf);
            described = dataKey.keyId();
        }
        String describedKey = described;
        KeyMetadata key = kms.describeKey(r -> r.keyId(describedKey).overrideConfiguration(onBehalf)).keyMetadata();
        if (key.keyState() == KeyState.DISABLED) {
            throw CodeCommitErrors.keyDisabled();
        }
        if (key.keyState() != KeyState.ENABLED) {
            throw CodeCommitErrors.keyNotUsable(key.keyStateAsString());
        }
        if (key.keyUsage() != KeyUsageType.ENCRYPT_DECRYPT || key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw CodeCommitErrors.keyInvalidUsage();
        }
        String arn = key.arn();
        if (dataKey == null) {
            dataKey = throwawayDataKey(kms, arn, context, onBehalf);
        }
        SdkBytes blob = dataKey.ciphertextBlob();
        Arrays.fill(kms.decrypt(r -> r.keyId(arn).ciphertextBlob(blob).encryptionContext(context)
                .overrideConfiguration(onBehalf)).plaintext().asByteArrayUnsafe(), (byte) 0);
        kms.reEncrypt(r -> r.sourceKeyId(arn).ciphertextBlob(blob).sourceEncryptionContext(context)
                .destinationKeyId(arn).destinationEncryptionContext(context).overrideConfiguration(onBehalf));
        kms.generateDataKeyWithoutPlaintext(r -> r.keyId(arn).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context).overrideConfiguration(onBehalf));
        kms.encrypt(r -> r.keyId(arn).plaintext(SdkBytes.fromByteArray(new byte[] { 0 }))
                .encryptionContext(context).overrideConfiguration(onBehalf));
        return arn;
    }

    /** A data key that protects nothing: its plaintext is zeroed as soon as it is here. */
    private static GenerateDataKeyResponse throwawayDataKey(KmsClient kms, String keyId, Map<String, String> context,
            Consumer<AwsRequestOverrideConfiguration.Builder> onBehalf) {
        GenerateDataKeyResponse dataKey = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context).overrideConfiguration(onBehalf));
        Arrays.fill(dataKey.plaintext().asByteArrayUnsafe(), (byte) 0);
        return dataKey;
    }

    /** KMS's refusal as CodeCommit's error; an access denial also says which action was refused (no secret). */
    private static AwsException refused(KmsException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        AwsException refused = CodeCommitErrors.fromKms(code);
        if ("AccessDeniedException".equals(code) && e.awsErrorDetails().errorMessage() != null) {
            return new AwsException(refused.errorType(), refused.status(),
                    refused.getMessage() + " " + e.awsErrorDetails().errorMessage());
        }
        return refused;
    }
}
