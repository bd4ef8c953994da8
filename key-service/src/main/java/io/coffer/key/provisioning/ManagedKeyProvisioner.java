package io.coffer.key.provisioning;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.events.Database;
import io.coffer.events.EventCodec;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.events.contract.RepositoryCreated;
import io.coffer.kernel.Actor;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
import io.coffer.key.crypto.KeySpec;
import io.coffer.key.keys.KeyMaterialVault;
import io.coffer.key.keys.KeyMetadata;
import io.coffer.key.keys.KeyPolicies;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.Keys;
import io.coffer.key.keys.KmsErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Step 2 of the repository saga: the first repository of an account in a region gets that region's AWS-managed key,
 * alias {@code aws/codecommit}. Exactly one key per account and region, whatever the number of concurrent creates
 * or key-service replicas: the alias row is claimed first, and PostgreSQL lets only one transaction claim it.
 */
@ApplicationScoped
public class ManagedKeyProvisioner {

    static final String DESCRIPTION = "Default key that protects my CodeCommit repositories when no other key is "
            + "defined";

    private final Database database;
    private final Keys keys;
    private final EventCodec codec;
    private final KeyMaterialVault vault;
    private final AuditTrail auditTrail;

    public ManagedKeyProvisioner(Database database, Keys keys, EventCodec codec, KeyMaterialVault vault,
            AuditTrail auditTrail) {
        this.database = database;
        this.keys = keys;
        this.codec = codec;
        this.vault = vault;
        this.auditTrail = auditTrail;
    }

    /** Provisions the region's aws/codecommit key unless it exists; returns whether this call created it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean onRepositoryCreated(EventEnvelope cause, RepositoryCreated repository) {
        return provision(repository.accountId(), repository.region(), repository.repositoryId(),
                cause.actor().invokedBy(KeyProvisioned.CODECOMMIT_SERVICE), cause.correlationId(), RepositoryCreated.TYPE);
    }

    /**
     * Provisions the region's aws/codecommit key unless it exists, as KMS does when CodeCommit first uses the alias
     * for a caller; returns whether this call created it.
     *
     * @param repositoryId the repository the key is first used for, if known
     * @param actor        the caller, invoked by CodeCommit
     * @param trigger      what made the key exist, for the audit record
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean provision(String accountId, String region, String repositoryId, Actor actor,
            String correlationId, String trigger) {
        UUID keyId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int claimed = database.update("""
                insert into kms_alias (account_id, region, alias_name, key_id, creation_date)
                values (?, ?, ?, ?, ?) on conflict do nothing""",
                accountId, region, KeyProvisioned.CODECOMMIT_ALIAS, keyId, now);
        if (claimed == 0) {
            return false;
        }
        String arn = "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
        KeyProvisioned provisioned = new KeyProvisioned(keyId.toString(), arn, accountId, region, "AWS",
                "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", DESCRIPTION, KeyProvisioned.CODECOMMIT_ALIAS, repositoryId, now,
                KeyPolicies.codeCommitPolicy(accountId, region), Map.of(), "AWS_KMS", null);
        KeyState state = keys.append(null, keyId.toString(), actor, accountId, region, correlationId,
                List.of(provisioned));
        vault.generate(keyId, 1, KeySpec.SYMMETRIC_DEFAULT);
        recordCalls(correlationId, actor, provisioned, state, trigger);
        return true;
    }

    private void recordCalls(String correlationId, Actor actor, KeyProvisioned key, KeyState state,
            String triggeredBy) {
        ObjectNode trigger = JsonNodeFactory.instance.objectNode();
        trigger.put("repositoryId", key.triggeredByRepositoryId());
        trigger.put("triggeredBy", triggeredBy);

        ObjectNode createKey = JsonNodeFactory.instance.objectNode();
        createKey.put("description", key.description());
        createKey.put("keyUsage", key.keyUsage());
        createKey.put("keySpec", key.keySpec());
        createKey.put("origin", "AWS_KMS");
        createKey.put("multiRegion", false);
        ObjectNode createKeyResponse = JsonNodeFactory.instance.objectNode();
        createKeyResponse.set("keyMetadata", codec.toTree(KeyMetadata.of(state)));
        auditTrail.record(CloudTrailRecord.apiCall(UuidV7.next(), Instant.now(), actor, key.region(),
                "kms.amazonaws.com", "CreateKey", false)
                .requestId(correlationId)
                .requestParameters(createKey)
                .responseElements(createKeyResponse)
                .additionalEventData(trigger)
                .resource(key.arn(), KmsErrors.KEY_RESOURCE), actor, key.region(), correlationId);

        ObjectNode createAlias = JsonNodeFactory.instance.objectNode();
        createAlias.put("aliasName", key.aliasName());
        createAlias.put("targetKeyId", key.keyId());
        auditTrail.record(CloudTrailRecord.apiCall(UuidV7.next(), Instant.now(), actor, key.region(),
                "kms.amazonaws.com", "CreateAlias", false)
                .requestId(correlationId)
                .requestParameters(createAlias)
                .additionalEventData(trigger)
                .resource("arn:aws:kms:" + key.region() + ":" + key.accountId() + ":" + key.aliasName(),
                        KmsErrors.KEY_RESOURCE)
                .resource(key.arn(), KmsErrors.KEY_RESOURCE), actor, key.region(), correlationId);
    }
}
