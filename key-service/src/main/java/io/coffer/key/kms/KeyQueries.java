package io.coffer.key.kms;

import io.coffer.aws.AwsTimestamps;
import io.coffer.events.Database;
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
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The KMS operations that only read the key read model. */
@ApplicationScoped
public class KeyQueries {

    private final KeyResolver resolver;
    private final ManagedKeyLookup managedKeys;
    private final KeyAuthorizer access;
    private final Database database;

    public KeyQueries(KeyResolver resolver, ManagedKeyLookup managedKeys, KeyAuthorizer access, Database database) {
        this.resolver = resolver;
        this.managedKeys = managedKeys;
        this.access = access;
        this.database = database;
    }

    public KeyMetadataResponse describeKey(Caller caller, KeyIdRequest request) {
        KeyState key = managedKeys.resolve(caller, request.keyId(), null);
        access.authorize(caller, "kms:DescribeKey", key);
        return new KeyMetadataResponse(KeyMetadata.of(key));
    }

    public ListKeysResponse listKeys(Caller caller, ListRequest request) {
        List<KeyListEntry> keys = database.list("""
                select cast(key_id as text), arn from kms_key where account_id = ? and region = ?
                and key_state <> 'Deleted' order by creation_date, key_id""",
                row -> new KeyListEntry(row.getString(1), row.getString(2)), caller.accountId(), caller.region());
        Markers.Page<KeyListEntry> page = Markers.page(keys, request.limit(), request.marker(), 100, 1000);
        return new ListKeysResponse(page.items(), page.nextMarker(), page.truncated());
    }

    public ListAliasesResponse listAliases(Caller caller, ListRequest request) {
        String sql = "select alias_name, cast(key_id as text), creation_date, last_updated_date from kms_alias "
                + "where account_id = ? and region = ?";
        List<Object> parameters = new ArrayList<>(List.of(caller.accountId(), caller.region()));
        if (request.keyId() != null) {
            parameters.add(UUID.fromString(resolver.resolve(caller, request.keyId(), false).keyId()));
            sql += " and key_id = ?";
        }
        String prefix = "arn:aws:kms:" + caller.region() + ":" + caller.accountId() + ":";
        List<AliasListEntry> aliases = database.list(sql + " order by alias_name", row -> {
            Timestamp updated = row.getTimestamp(4);
            return new AliasListEntry(row.getString(1), prefix + row.getString(1), row.getString(2),
                    AwsTimestamps.epochSeconds(row.getTimestamp(3).toInstant()),
                    updated == null ? null : AwsTimestamps.epochSeconds(updated.toInstant()));
        }, parameters.toArray());
        Markers.Page<AliasListEntry> page = Markers.page(aliases, request.limit(), request.marker(), 50, 100);
        return new ListAliasesResponse(page.items(), page.nextMarker(), page.truncated());
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
}
