package io.coffer.repo.repository;

import io.coffer.platform.auth.Caller;
import io.coffer.platform.aws.AwsException;
import io.coffer.platform.kms.KeyServiceClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Checks a customer-managed key a caller names for a repository, as CodeCommit does: it must exist, be visible to
 * the caller (key-service is asked on the caller's behalf), be enabled and be a symmetric encryption key. KMS's
 * refusals become CodeCommit's EncryptionKey* errors.
 */
@ApplicationScoped
public class CustomerKeys {

    static final String SERVICE_NAME = "codecommit.amazonaws.com";

    private final KeyServiceClients clients;
    private final URI keyService;

    public CustomerKeys(KeyServiceClients clients, @ConfigProperty(name = "coffer.repo.key-service-url") URI keyService) {
        this.clients = clients;
        this.keyService = keyService;
    }

    /** @return the key's ARN */
    public String check(Caller caller, String kmsKeyId) {
        if (kmsKeyId.isBlank() || kmsKeyId.length() > 2048) {
            throw CodeCommitErrors.keyInvalidId();
        }
        KeyMetadata key;
        try {
            key = clients.client(keyService, caller.region()).describeKey(r -> r.keyId(kmsKeyId)
                    .overrideConfiguration(KeyServiceClients.onBehalfOf(caller, SERVICE_NAME))).keyMetadata();
        } catch (KmsException e) {
            throw translate(e);
        } catch (SdkClientException e) {
            throw CodeCommitErrors.keyNotUsable("unknown: key-service cannot be reached");
        }
        if (key.keyState() == KeyState.DISABLED) {
            throw CodeCommitErrors.keyDisabled();
        }
        if (key.keyState() != KeyState.ENABLED) {
            throw CodeCommitErrors.keyNotUsable(key.keyStateAsString());
        }
        if (key.keyUsage() != KeyUsageType.ENCRYPT_DECRYPT || key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw CodeCommitErrors.keyInvalidUsage();
        }
        return key.arn();
    }

    private static AwsException translate(KmsException e) {
        return CodeCommitErrors.fromKms(e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode());
    }
}
