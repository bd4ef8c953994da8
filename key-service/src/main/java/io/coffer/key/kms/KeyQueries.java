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
import io.coffer.key.kms.KmsShapes.GetKeyLastUsageResponse;
import io.coffer.key.kms.KmsShapes.GetKeyPolicyResponse;
import io.coffer.key.kms.KmsShapes.GetKeyRotationStatusResponse;
import io.coffer.key.kms.KmsShapes.KeyIdRequest;
import io.coffer.key.kms.KmsShapes.KeyLastUsageData;
import io.coffer.key.kms.KmsShapes.KeyListEntry;
import io.coffer.key.kms.KmsShapes.KeyMetadataResponse;
import io.coffer.key.kms.KmsShapes.KeyPolicyRequest;
import io.coffer.key.kms.KmsShapes.ListAliasesResponse;
import io.coffer.key.kms.KmsShapes.ListKeyPoliciesResponse;
import io.coffer.key.kms.KmsShapes.ListKeyRotationsResponse;
import io.coffer.key.kms.KmsShapes.ListKeysResponse;
import io.coffer.key.kms.KmsShapes.ListRequest;
import io.coffer.key.kms.KmsShapes.ListResourceTagsResponse;
import io.coffer.key.kms.KmsShapes.RotationEntry;
import io.coffer.key.kms.KmsShapes.Tag;
import io.coffer.key.usage.KeyLastUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/** The KMS operations that only read the key read model. */
@ApplicationScoped
public class KeyQueries {

    /** The aliases of AWS managed keys that KMS lists in every account and region. */
    private static final List<String> PREDEFINED_ALIASES = List.of("alias/aws/acm", "alias/aws/codecommit",
            "alias/aws/dynamodb", "alias/aws/ebs", "alias/aws/elasticfilesystem", "alias/aws/es", "alias/aws/glue",
            "alias/aws/kinesisvideo", "alias/aws/lambda", "alias/aws/rds", "alias/aws/redshift", "alias/aws/s3",
            "alias/aws/secretsmanager", "alias/aws/ssm", "alias/aws/xray");

    private final KeyResolver resolver;
    private final ManagedKeyLookup managedKeys;
    private final KeyAuthorizer access;
    private final Database database;
    private final KeyLastUsage usage;

    public KeyQueries(KeyResolver resolver, ManagedKeyLookup managedKeys, KeyAuthorizer access, Database database,
            KeyLastUsage usage) {
        this.usage = usage;
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
                select arn from kms_key where account_id = ? and region = ?
                and key_state <> 'Deleted' order by creation_date, key_id""",
                row -> new KeyListEntry(keyIdOf(row.getString(1)), row.getString(1)), caller.accountId(),
                caller.region());
        Markers.Page<KeyListEntry> page = Markers.page(keys, request.limit(), request.marker(), 100, 1000);
        return new ListKeysResponse(page.items(), page.nextMarker(), page.truncated());
    }

    public ListAliasesResponse listAliases(Caller caller, ListRequest request) {
        String sql = "select a.alias_name, k.arn, a.creation_date, a.last_updated_date from kms_alias a "
                + "join kms_key k on k.key_id = a.key_id where a.account_id = ? and a.region = ?";
        List<Object> parameters = new ArrayList<>(List.of(caller.accountId(), caller.region()));
        if (request.keyId() != null) {
            parameters.add(UUID.fromString(resolver.resolve(caller, request.keyId(), false).keyId()));
            sql += " and a.key_id = ?";
        }
        String prefix = "arn:aws:kms:" + caller.region() + ":" + caller.accountId() + ":";
        List<AliasListEntry> aliases = database.list(sql + " order by a.alias_name", row -> {
            Timestamp updated = row.getTimestamp(4);
            return new AliasListEntry(row.getString(1), prefix + row.getString(1), keyIdOf(row.getString(2)),
                    AwsTimestamps.epochSeconds(row.getTimestamp(3).toInstant()),
                    updated == null ? null : AwsTimestamps.epochSeconds(updated.toInstant()));
        }, parameters.toArray());
        if (request.keyId() == null) {
            aliases = withPredefined(aliases, prefix);
        }
        Markers.Page<AliasListEntry> page = Markers.page(aliases, request.limit(), request.marker(), 50, 100);
        return new ListAliasesResponse(page.items(), page.nextMarker(), page.truncated());
    }

    /**
     * KMS lists the aliases of AWS managed keys its services would create even before they exist, without a target
     * key; aws/codecommit is listed with its key once a repository made it.
     */
    private static List<AliasListEntry> withPredefined(List<AliasListEntry> aliases, String arnPrefix) {
        TreeMap<String, AliasListEntry> byName = new TreeMap<>();
        for (String name : PREDEFINED_ALIASES) {
            byName.put(name, new AliasListEntry(name, arnPrefix + name, null, null, null));
        }
        aliases.forEach(alias -> byName.put(alias.aliasName(), alias));
        return List.copyOf(byName.values());
    }

    public GetKeyLastUsageResponse getKeyLastUsage(Caller caller, KeyIdRequest request) {
        KeyState key = resolver.authorized(caller, "kms:GetKeyLastUsage", request.keyId(), false);
        KeyLastUsageData last = usage.lastUse(UUID.fromString(key.keyId()))
                .map(u -> new KeyLastUsageData(u.operation(), AwsTimestamps.epochSeconds(u.at()),
                        u.cloudTrailEventId().toString(), u.requestId()))
                .orElse(null);
        return new GetKeyLastUsageResponse(key.arn(), last, AwsTimestamps.epochSeconds(usage.trackingStart()),
                AwsTimestamps.epochSeconds(key.creationDate()));
    }

    public ListKeyPoliciesResponse listKeyPolicies(Caller caller, ListRequest request) {
        resolver.authorized(caller, "kms:ListKeyPolicies", request.keyId(), false);
        Markers.Page<String> page = Markers.page(List.of(KeyPolicies.DEFAULT_NAME), request.limit(),
                request.marker(), 100, 1000);
        return new ListKeyPoliciesResponse(page.items(), page.nextMarker(), page.truncated());
    }

    public GetKeyRotationStatusResponse getKeyRotationStatus(Caller caller, KeyIdRequest request) {
        KeyState key = rotatable(resolver.authorized(caller, "kms:GetKeyRotationStatus", request.keyId(), false));
        if (KeyStatus.PENDING_DELETION.equals(key.keyState())) {
            throw KmsErrors.invalidState(key.arn() + " is pending deletion.");
        }
        return new GetKeyRotationStatusResponse(key.rotationEnabled(), key.arn(), key.rotationPeriodInDays(),
                key.nextRotationDate() == null ? null : AwsTimestamps.epochSeconds(key.nextRotationDate()), null);
    }

    public ListKeyRotationsResponse listKeyRotations(Caller caller, ListRequest request) {
        KeyState key = rotatable(resolver.authorized(caller, "kms:ListKeyRotations", request.keyId(), false));
        Markers.Page<KeyState.Rotation> page = Markers.page(key.rotations(), request.limit(), request.marker(), 100,
                1000);
        return new ListKeyRotationsResponse(page.items().stream()
                .map(r -> new RotationEntry(key.externalId(), key.materialId(r.materialVersion()),
                        AwsTimestamps.epochSeconds(r.rotationDate()), r.rotationType()))
                .toList(), page.nextMarker(), page.truncated());
    }

    /** The KeyId in a key ARN ({@code mrk-} IDs included). */
    private static String keyIdOf(String arn) {
        return arn.substring(arn.indexOf(":key/") + 5);
    }

    /** Rotation exists only for symmetric encryption keys; KMS answers the others' rotation queries so. */
    private static KeyState rotatable(KeyState key) {
        if (!key.spec().symmetric()) {
            throw KmsErrors.unsupported(key.arn() + " has key spec " + key.keySpec()
                    + "; only symmetric encryption keys rotate").resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
        return key;
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
