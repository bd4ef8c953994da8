package io.coffer.crypto.keys;

import io.coffer.aws.kms.KeyServiceClients;
import io.coffer.crypto.format.EncryptedDataKey;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * GenerateDataKey, Decrypt and ReEncrypt at key-service, through the AWS SDK's own KMS client, on behalf of the caller: the
 * request is signed by this service and names the caller in signed headers, so key-service authorizes and audits
 * the caller ({@code invokedBy} this service or the one that called it).
 */
@ApplicationScoped
public class KeyServiceKms {

    static final String SERVICE_NAME = "crypto.coffer.internal";

    private final CryptoConfig config;
    private final KeyServiceClients clients;
    private final MeterRegistry metrics;

    public KeyServiceKms(CryptoConfig config, KeyServiceClients clients, MeterRegistry metrics) {
        this.config = config;
        this.clients = clients;
        this.metrics = metrics;
    }

    /** A new 256-bit data key under {@code keyId}, bound to {@code context}. */
    public DataKey generateDataKey(Caller caller, String keyId, EncryptionContext context) {
        metrics.counter("coffer.crypto.kms.calls", "operation", "GenerateDataKey").increment();
        var response = call(() -> client(caller).generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context.asMap()).overrideConfiguration(onBehalfOf(caller))));
        return new DataKey(response.plaintext().asByteArrayUnsafe(), response.ciphertextBlob().asByteArray(),
                response.keyId());
    }

    /** The plaintext of an {@code aws-kms} encrypted data key; key-service checks it was made under its ARN. */
    public DataKey decrypt(Caller caller, EncryptedDataKey edk, EncryptionContext context) {
        if (!EncryptedDataKey.AWS_KMS.equals(edk.providerId())) {
            throw AwsException.client("BadCiphertextException", "The message's data key is not an aws-kms key");
        }
        metrics.counter("coffer.crypto.kms.calls", "operation", "Decrypt").increment();
        var response = call(() -> client(caller).decrypt(r -> r.keyId(edk.providerInfoText())
                .ciphertextBlob(SdkBytes.fromByteArray(edk.ciphertext())).encryptionContext(context.asMap())
                .overrideConfiguration(onBehalfOf(caller))));
        return new DataKey(response.plaintext().asByteArrayUnsafe(), edk.ciphertext(), response.keyId());
    }

    /**
     * The same data key wrapped under {@code destinationKeyId} instead, bound to the same context: KMS ReEncrypt,
     * so the plaintext data key does not travel for it.
     */
    public EncryptedDataKey reEncrypt(Caller caller, EncryptedDataKey edk, EncryptionContext context,
            String destinationKeyId) {
        if (!EncryptedDataKey.AWS_KMS.equals(edk.providerId())) {
            throw AwsException.client("BadCiphertextException", "The message's data key is not an aws-kms key");
        }
        metrics.counter("coffer.crypto.kms.calls", "operation", "ReEncrypt").increment();
        var response = call(() -> client(caller).reEncrypt(r -> r.sourceKeyId(edk.providerInfoText())
                .ciphertextBlob(SdkBytes.fromByteArray(edk.ciphertext())).sourceEncryptionContext(context.asMap())
                .destinationKeyId(destinationKeyId).destinationEncryptionContext(context.asMap())
                .overrideConfiguration(onBehalfOf(caller))));
        return EncryptedDataKey.awsKms(response.keyId(), response.ciphertextBlob().asByteArray());
    }

    private static Consumer<AwsRequestOverrideConfiguration.Builder> onBehalfOf(Caller caller) {
        return KeyServiceClients.onBehalfOf(caller, SERVICE_NAME);
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KmsException e) {
            // the caller's own refusals (denied, disabled, not found, bad context) pass through under KMS's names
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() < 500 && code != null) {
                throw new AwsException(code, e.statusCode(), e.awsErrorDetails().errorMessage());
            }
            throw new AwsException("KeyServiceUnavailableException", 503, "key-service failed: " + code);
        } catch (SdkClientException e) {
            throw new AwsException("KeyServiceUnavailableException", 503, "key-service cannot be reached");
        }
    }

    private KmsClient client(Caller caller) {
        return clients.client(config.keyServiceUrl(), caller.region());
    }
}
