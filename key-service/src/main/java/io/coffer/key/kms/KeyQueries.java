package io.coffer.key.kms;

import io.coffer.aws.AwsTimestamps;
import io.coffer.kernel.Caller;
import io.coffer.key.keys.KeyAuthorizer;
import io.coffer.key.keys.KeyMetadata;
import io.coffer.key.keys.KeyPolicies;
import io.coffer.key.keys.KeyResolver;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.KeyStatus;
import io.coffer.key.keys.KmsErrors;
import io.coffer.key.kms.KmsShapes.AliasListEntry;
import io.coffer.key.kms.KmsShapes.GetKeyPolicyResponse;
import io.coffer.key.kms.KmsShapes.GetKeyRotationStatusResponse;
import io.coffer.key.kms.KmsShapes.KeyIdRequest;
import io.coffer.key.kms.KmsShapes.KeyListEntry;
import io.coffer.key.kms.KmsShapes.KeyMetadataResponse;
import io.coffer.key.kms.KmsShapes.KeyPolicyRequest;
import io.coffer.key.kms.KmsShapes.ListAliasesResponse;
import io.coffer.key.kms.KmsShapes.ListKeyRotationsResponse;
import io.coffer.key.kms.KmsShapes.ListKeysResponse;
import io.coffer.key.kms.KmsShapes.ListRequest;
import io.coffer.key.kms.KmsShapes.ListResourceTagsResponse;
import io.coffer.key.kms.KmsShapes.RotationEntry;
import io.coffer.key.kms.KmsShapes.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The KMS operations that only read the key read model. */
@ApplicationScoped
public class KeyQueries {

    private final KeyResolver resolver;
    private final ManagedKeyLookup managedKeys;
    private final KeyAuthorizer access;
    private final EntityManager em;

    public KeyQueries(KeyResolver resolver, ManagedKeyLookup managedKeys, KeyAuthorizer access, EntityManager em) {
        this.resolver = resolver;
        this.managedKeys = managedKeys;
        this.access = access;
        this.em = em;
    }

    public KeyMetadataResponse describeKey(Caller caller, KeyIdRequest request) {
        KeyState key = managedKeys.resolve(caller, request.keyId(), null);
        access.authorize(caller, "kms:DescribeKey", key);
        return new KeyMetadataResponse(KeyMetadata.of(key));
    }

    public ListKeysResponse listKeys(Caller caller, ListRequest request) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select cast(key_id as text), arn from kms_key where account_id = ?1 and region = ?2
                and key_state <> 'Deleted' order by creation_date, key_id""")
                .setParameter(1, caller.accountId()).setParameter(2, caller.region()).getResultList();
        Markers.Page<Object[]> page = Markers.page(rows, request.limit(), request.marker(), 100, 1000);
        return new ListKeysResponse(page.items().stream()
                .map(r -> new KeyListEntry((String) r[0], (String) r[1])).toList(), page.nextMarker(),
                page.truncated());
    }

    public ListAliasesResponse listAliases(Caller caller, ListRequest request) {
        String sql = "select alias_name, cast(key_id as text), creation_date, last_updated_date from kms_alias "
                + "where account_id = ?1 and region = ?2";
        UUID keyFilter = null;
        if (request.keyId() != null) {
            keyFilter = UUID.fromString(resolver.resolve(caller, request.keyId(), false).keyId());
            sql += " and key_id = ?3";
        }
        var query = em.createNativeQuery(sql + " order by alias_name")
                .setParameter(1, caller.accountId()).setParameter(2, caller.region());
        if (keyFilter != null) {
            query.setParameter(3, keyFilter);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        Markers.Page<Object[]> page = Markers.page(rows, request.limit(), request.marker(), 50, 100);
        String prefix = "arn:aws:kms:" + caller.region() + ":" + caller.accountId() + ":";
        return new ListAliasesResponse(page.items().stream()
                .map(r -> new AliasListEntry((String) r[0], prefix + r[0], (String) r[1],
                        AwsTimestamps.epochSeconds(instant(r[2])),
                        r[3] == null ? null : AwsTimestamps.epochSeconds(instant(r[3]))))
                .toList(), page.nextMarker(), page.truncated());
    }

    public GetKeyRotationStatusResponse getKeyRotationStatus(Caller caller, KeyIdRequest request) {
        KeyState key = resolver.authorized(caller, "kms:GetKeyRotationStatus", request.keyId(), false);
        if (KeyStatus.PENDING_DELETION.equals(key.keyState())) {
            throw KmsErrors.invalidState(key.arn() + " is pending deletion.");
        }
        return new GetKeyRotationStatusResponse(key.rotationEnabled(), key.arn(), key.rotationPeriodInDays(),
                key.nextRotationDate() == null ? null : AwsTimestamps.epochSeconds(key.nextRotationDate()), null);
    }

    public ListKeyRotationsResponse listKeyRotations(Caller caller, ListRequest request) {
        KeyState key = resolver.authorized(caller, "kms:ListKeyRotations", request.keyId(), false);
        Markers.Page<KeyState.Rotation> page = Markers.page(key.rotations(), request.limit(), request.marker(), 100,
                1000);
        return new ListKeyRotationsResponse(page.items().stream()
                .map(r -> new RotationEntry(key.keyId(), AwsTimestamps.epochSeconds(r.rotationDate()),
                        r.rotationType()))
                .toList(), page.nextMarker(), page.truncated());
    }

    public GetKeyPolicyResponse getKeyPolicy(Caller caller, KeyPolicyRequest request) {
        if (request.policyName() != null && !KeyPolicies.DEFAULT_NAME.equals(request.policyName())) {
            throw KmsErrors.notFound("No such policy exists");
        }
        return new GetKeyPolicyResponse(
                resolver.authorized(caller, "kms:GetKeyPolicy", request.keyId(), false).policy(),
                KeyPolicies.DEFAULT_NAME);
    }

    public ListResourceTagsResponse listResourceTags(Caller caller, ListRequest request) {
        KeyState key = resolver.authorized(caller, "kms:ListResourceTags", request.keyId(), false);
        List<Tag> tags = key.tags().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        Markers.Page<Tag> page = Markers.page(tags, request.limit(), request.marker(), 50, 50);
        return new ListResourceTagsResponse(page.items(), page.nextMarker(), page.truncated());
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }
}
