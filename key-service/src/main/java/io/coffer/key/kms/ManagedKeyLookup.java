package io.coffer.key.kms;

import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import io.coffer.key.keys.KeyResolver;
import io.coffer.key.keys.KeyState;
import io.coffer.key.provisioning.ManagedKeyProvisioner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Finds the key a cryptographic call names. When CodeCommit, on a caller's behalf, names {@code alias/aws/codecommit}
 * before the region has that key, the key is made there and then, as KMS makes AWS-managed keys on first use: so
 * CreateRepository can find out whether its caller may use the key before any repository exists.
 */
@ApplicationScoped
public class ManagedKeyLookup {


    private final KeyResolver resolver;
    private final ManagedKeyProvisioner provisioner;

    public ManagedKeyLookup(KeyResolver resolver, ManagedKeyProvisioner provisioner) {
        this.resolver = resolver;
        this.provisioner = provisioner;
    }

    public KeyState resolve(Caller caller, String keyId, Map<String, String> encryptionContext) {
        try {
            return resolver.resolve(caller, keyId, true);
        } catch (AwsException e) {
            if (!"NotFoundException".equals(e.errorType()) || !KeyProvisioned.CODECOMMIT_SERVICE.equals(caller.invokedBy())
                    || !namesCodeCommitAlias(caller, keyId)) {
                throw e;
            }
        }
        String repositoryId = encryptionContext == null ? null : encryptionContext.get(EncryptionContext.REPOSITORY_ID);
        QuarkusTransaction.requiringNew().run(() -> provisioner.provision(caller.accountId(), caller.region(),
                repositoryId, caller.actor(), caller.requestId(), "FirstUseOfAlias"));
        return resolver.resolve(caller, keyId, true);
    }

    private static boolean namesCodeCommitAlias(Caller caller, String keyId) {
        String arn = "arn:aws:kms:" + caller.region() + ":" + caller.accountId() + ":" + KeyProvisioned.CODECOMMIT_ALIAS;
        return KeyProvisioned.CODECOMMIT_ALIAS.equals(keyId) || arn.equals(keyId);
    }
}
