package io.coffer.key.kms;

import io.coffer.aws.AwsTimestamps;
import io.coffer.aws.iam.MalformedPolicyException;
import io.coffer.aws.iam.PolicyDocument;
import io.coffer.events.contract.KeyEvent;
import io.coffer.events.contract.KeyPrimaryRegionChanged;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.events.contract.KeyReplicated;
import io.coffer.events.contract.KeyRotated;
import io.coffer.kernel.Actor;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.key.crypto.KeySpec;
import io.coffer.key.crypto.KeyUsage;
import io.coffer.key.keys.KeyAuthorizer;
import io.coffer.key.keys.KeyDecider;
import io.coffer.key.keys.KeyDecider.CancelDeletion;
import io.coffer.key.keys.KeyDecider.DisableKey;
import io.coffer.key.keys.KeyDecider.DisableRotation;
import io.coffer.key.keys.KeyDecider.EnableKey;
import io.coffer.key.keys.KeyDecider.EnableRotation;
import io.coffer.key.keys.KeyDecider.PointAlias;
import io.coffer.key.keys.KeyDecider.PutPolicy;
import io.coffer.key.keys.KeyDecider.RemoveAlias;
import io.coffer.key.keys.KeyDecider.Rotate;
import io.coffer.key.keys.KeyDecider.ScheduleDeletion;
import io.coffer.key.keys.KeyDecider.TagKey;
import io.coffer.key.keys.KeyDecider.UntagKey;
import io.coffer.key.keys.KeyDecider.UpdateDescription;
import io.coffer.key.keys.KeyMaterialVault;
import io.coffer.key.keys.KeyMetadata;
import io.coffer.key.keys.KeyPolicies;
import io.coffer.key.keys.KeyProjector;
import io.coffer.key.keys.KeyResolver;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.KeyStatus;
import io.coffer.key.keys.Keys;
import io.coffer.key.keys.KmsErrors;
import io.coffer.key.kms.KmsShapes.AliasRequest;
import io.coffer.key.kms.KmsShapes.CreateKeyRequest;
import io.coffer.key.kms.KmsShapes.EnableKeyRotationRequest;
import io.coffer.key.kms.KmsShapes.KeyIdRequest;
import io.coffer.key.kms.KmsShapes.KeyIdResponse;
import io.coffer.key.kms.KmsShapes.KeyMetadataResponse;
import io.coffer.key.kms.KmsShapes.KeyPolicyRequest;
import io.coffer.key.kms.KmsShapes.ReplicateKeyRequest;
import io.coffer.key.kms.KmsShapes.ReplicateKeyResponse;
import io.coffer.key.kms.KmsShapes.ScheduleKeyDeletionRequest;
import io.coffer.key.kms.KmsShapes.ScheduleKeyDeletionResponse;
import io.coffer.key.kms.KmsShapes.Tag;
import io.coffer.key.kms.KmsShapes.TagResourceRequest;
import io.coffer.key.kms.KmsShapes.UntagResourceRequest;
import io.coffer.key.kms.KmsShapes.UpdateKeyDescriptionRequest;
import io.coffer.key.kms.KmsShapes.UpdatePrimaryRegionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** The KMS operations that change keys and aliases: each decides from the key's events and appends new ones. */
@ApplicationScoped
public class KeyManagement {

    private static final Pattern ALIAS_PATTERN = Pattern.compile("[a-zA-Z0-9:/_-]+");
    private static final Pattern REGION = Pattern.compile("([a-z]+-){2,3}\\d+");
    private static final List<String> ORIGINS = List.of("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE");

    private final Keys keys;
    private final KeyResolver resolver;
    private final KeyAuthorizer access;
    private final KeyMaterialVault vault;
    private final KeyProjector projector;

    public KeyManagement(Keys keys, KeyResolver resolver, KeyAuthorizer access, KeyMaterialVault vault,
            KeyProjector projector) {
        this.projector = projector;
        this.keys = keys;
        this.access = access;
        this.resolver = resolver;
        this.vault = vault;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyMetadataResponse createKey(Caller caller, CreateKeyRequest request) {
        KeySpec spec = keySpec(request.keySpec(), request.customerMasterKeySpec());
        KeyUsage usage = keyUsage(request.keyUsage(), spec);
        String origin = request.origin() == null ? "AWS_KMS" : request.origin();
        if (!ORIGINS.contains(origin)) {
            throw KmsErrors.notInEnum("origin", origin, ORIGINS);
        }
        if (!"AWS_KMS".equals(origin) && !"EXTERNAL".equals(origin)) {
            throw KmsErrors.unsupported("Origin " + origin + " needs a custom key store, which Coffer does not have");
        }
        if ("EXTERNAL".equals(origin) && !spec.importable()) {
            throw KmsErrors.unsupported("Key material of " + spec.name() + " cannot be imported");
        }
        if (request.customKeyStoreId() != null) {
            throw KmsErrors.unsupported("Custom key stores are not supported");
        }
        boolean multiRegion = Boolean.TRUE.equals(request.multiRegion());
        if (multiRegion && "EXTERNAL".equals(origin)) {
            throw KmsErrors.unsupported("Multi-Region keys with imported key material are not supported");
        }
        validDescription(request.description());
        UUID keyId = UUID.randomUUID();
        // a multi-Region key's ID (mrk- and 32 hex digits) is the same in every region it is replicated to
        String externalId = multiRegion ? "mrk-" + keyId.toString().replace("-", "") : keyId.toString();
        String arn = "arn:aws:kms:" + caller.region() + ":" + caller.accountId() + ":key/" + externalId;
        String policy = request.policy() == null ? KeyPolicies.defaultPolicy(caller.accountId())
                : validPolicy(caller, arn, request.policy(), request.bypassPolicyLockoutSafetyCheck());
        Map<String, String> tags = validTags(request.tags());
        KeyProvisioned created = new KeyProvisioned(keyId.toString(), arn, caller.accountId(), caller.region(),
                "CUSTOMER", spec.name(), usage.name(),
                request.description() == null ? "" : request.description(), null, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), policy, tags, origin, multiRegion ? arn : null);
        KeyState state = keys.append(null, keyId.toString(), caller.actor(), caller.accountId(), caller.region(),
                caller.requestId(), List.of(created));
        if ("AWS_KMS".equals(origin)) {
            vault.generate(keyId, 1, spec);
        }
        return new KeyMetadataResponse(KeyMetadata.of(state));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyMetadataResponse enableKey(Caller caller, KeyIdRequest request) {
        KeyState key = load(caller, "kms:EnableKey", request.keyId(), false);
        keys.append(key, caller, KeyDecider.decide(new EnableKey(), key));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyMetadataResponse disableKey(Caller caller, KeyIdRequest request) {
        KeyState key = load(caller, "kms:DisableKey", request.keyId(), false);
        keys.append(key, caller, KeyDecider.decide(new DisableKey(), key));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ScheduleKeyDeletionResponse scheduleKeyDeletion(Caller caller, ScheduleKeyDeletionRequest request) {
        int days = request.pendingWindowInDays() == null ? 30 : request.pendingWindowInDays();
        if (days < 7 || days > 30) {
            throw KmsErrors.range("pendingWindowInDays", days, 7, 30);
        }
        KeyState key = load(caller, "kms:ScheduleKeyDeletion", request.keyId(), false);
        KeyState after = keys.append(key, caller, KeyDecider.decide(new ScheduleDeletion(days, Instant.now()), key));
        return new ScheduleKeyDeletionResponse(key.arn(), AwsTimestamps.epochSeconds(after.deletionDate()),
                after.keyState().wireName(), days);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse cancelKeyDeletion(Caller caller, KeyIdRequest request) {
        KeyState key = load(caller, "kms:CancelKeyDeletion", request.keyId(), false);
        keys.append(key, caller, KeyDecider.decide(new CancelDeletion(), key));
        return new KeyIdResponse(key.arn());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse enableKeyRotation(Caller caller, EnableKeyRotationRequest request) {
        int period = request.rotationPeriodInDays() == null ? 365 : request.rotationPeriodInDays();
        if (period < 90 || period > 2560) {
            throw KmsErrors.range("rotationPeriodInDays", period, 90, 2560);
        }
        KeyState key = load(caller, "kms:EnableKeyRotation", request.keyId(), false);
        keys.append(key, caller, KeyDecider.decide(new EnableRotation(period, Instant.now()), key));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse disableKeyRotation(Caller caller, KeyIdRequest request) {
        KeyState key = load(caller, "kms:DisableKeyRotation", request.keyId(), false);
        keys.append(key, caller, KeyDecider.decide(new DisableRotation(), key));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse rotateKeyOnDemand(Caller caller, KeyIdRequest request) {
        KeyState key = load(caller, "kms:RotateKeyOnDemand", request.keyId(), false);
        rotate(key, new Rotate(true, Instant.now()), caller.actor(), caller.requestId());
        return new KeyIdResponse(key.arn());
    }

    /** Adds a material version (its material first); blobs made under earlier versions still decrypt. */
    @Transactional(Transactional.TxType.MANDATORY)
    public KeyState rotate(KeyState key, Rotate command, Actor actor, String correlationId) {
        List<KeyEvent> events = KeyDecider.decide(command, key);
        vault.generate(UUID.fromString(key.keyId()), ((KeyRotated) events.get(0)).materialVersion(), key.spec());
        return keys.append(key, key.keyId(), actor, key.accountId(), key.region(), correlationId, events);
    }

    /**
     * A replica of a multi-Region primary in another region, with its own policy, description and tags. It is
     * {@code Creating} until the replicator, reading the primary's KeyReplicated from Kafka, has copied the material.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ReplicateKeyResponse replicateKey(Caller caller, ReplicateKeyRequest request) {
        String region = validRegion(request.replicaRegion(), "replicaRegion");
        validDescription(request.description());
        Map<String, String> tags = validTags(request.tags());
        KeyState primary = load(caller, "kms:ReplicateKey", request.keyId(), false);
        refuseNotPrimary(primary);
        if (region.equals(primary.region())) {
            throw KmsErrors.validation("ReplicaRegion must differ from the primary key's region " + region);
        }
        if (primary.keyState() == KeyStatus.PENDING_DELETION) {
            throw KmsErrors.invalidState(primary.arn() + " is pending deletion.");
        }
        String replicaArn = "arn:aws:kms:" + region + ":" + caller.accountId() + ":key/" + primary.externalId();
        if (projector.findByArn(replicaArn).isPresent()) {
            throw KmsErrors.alreadyExists(primary.arn() + " already has a replica in " + region);
        }
        UUID replicaId = UUID.randomUUID();
        String policy = request.policy() == null ? KeyPolicies.defaultPolicy(caller.accountId())
                : validPolicy(caller, replicaArn, request.policy(), request.bypassPolicyLockoutSafetyCheck());
        KeyProvisioned replica = new KeyProvisioned(replicaId.toString(), replicaArn, caller.accountId(), region,
                "CUSTOMER", primary.keySpec(), primary.keyUsage(),
                // a description is not shared by the keys of a set: the replica's is its own, empty unless given
                request.description() == null ? "" : request.description(), null, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), policy, tags, "AWS_KMS", primary.arn());
        KeyState created = keys.append(null, replicaId.toString(), caller.actor(), caller.accountId(), region,
                caller.requestId(), List.of(replica));
        keys.append(primary, caller, List.of(new KeyReplicated(replicaId.toString(), replicaArn, region)));
        return new ReplicateKeyResponse(KeyMetadata.of(created), policy, tags.isEmpty() ? null
                : tags.entrySet().stream().map(t -> new Tag(t.getKey(), t.getValue())).toList());
    }

    /** Makes the replica in {@code PrimaryRegion} the primary; every key of the set learns it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse updatePrimaryRegion(Caller caller, UpdatePrimaryRegionRequest request) {
        String region = validRegion(request.primaryRegion(), "primaryRegion");
        KeyState primary = load(caller, "kms:UpdatePrimaryRegion", request.keyId(), false);
        refuseNotPrimary(primary);
        if (region.equals(primary.region())) {
            return null;
        }
        String newPrimaryArn = "arn:aws:kms:" + region + ":" + caller.accountId() + ":key/" + primary.externalId();
        if (!primary.multiRegion().replicaArns().contains(newPrimaryArn)) {
            throw KmsErrors.notFound(primary.arn() + " has no replica in " + region);
        }
        KeyState next = keys.load(projector.findByArn(newPrimaryArn).orElseThrow().keyId());
        if (next.keyState() != KeyStatus.ENABLED && next.keyState() != KeyStatus.DISABLED) {
            throw KmsErrors.invalidState(next.arn() + " is " + next.keyState().inWords() + ".");
        }
        List<String> replicas = new ArrayList<>(primary.multiRegion().replicaArns());
        replicas.remove(newPrimaryArn);
        replicas.add(primary.arn());
        KeyPrimaryRegionChanged changed = new KeyPrimaryRegionChanged(newPrimaryArn, List.copyOf(replicas));
        keys.append(primary, caller, List.of(changed));
        keys.append(next, caller, List.of(changed));
        for (String arn : primary.multiRegion().replicaArns()) {
            if (!arn.equals(newPrimaryArn)) {
                KeyState other = keys.load(projector.findByArn(arn).orElseThrow().keyId());
                keys.append(other, caller, List.of(changed));
            }
        }
        return null;
    }

    private static void refuseNotPrimary(KeyState key) {
        if (!key.multiRegionPrimary()) {
            throw KmsErrors.unsupported(key.arn() + " is not a multi-region primary key.");
        }
    }

    private static String validRegion(String region, String member) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw KmsErrors.pattern(member, region, "^([a-z]+-){2,3}\\d+$");
        }
        return region;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse updateKeyDescription(Caller caller, UpdateKeyDescriptionRequest request) {
        if (request.description() == null) {
            throw KmsErrors.required("description");
        }
        validDescription(request.description());
        KeyState key = load(caller, "kms:UpdateKeyDescription", request.keyId(), false);
        keys.append(key, caller, KeyDecider.decide(new UpdateDescription(request.description()), key));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse putKeyPolicy(Caller caller, KeyPolicyRequest request) {
        if (request.policyName() != null && !KeyPolicies.DEFAULT_NAME.equals(request.policyName())) {
            throw KmsErrors.validation("PolicyName must be 'default'");
        }
        KeyState key = load(caller, "kms:PutKeyPolicy", request.keyId(), false);
        List<KeyEvent> changed = KeyDecider.decide(new PutPolicy(request.policy()), key);
        validPolicy(caller, key.arn(), request.policy(), request.bypassPolicyLockoutSafetyCheck());
        keys.append(key, caller, changed);
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse createAlias(Caller caller, AliasRequest request) {
        String alias = validAlias(request.aliasName());
        KeyState target = load(caller, "kms:CreateAlias", request.targetKeyId(), false);
        List<KeyEvent> pointed = KeyDecider.decide(new PointAlias(alias, null, Instant.now()), target);
        if (resolverHasAlias(caller, alias)) {
            throw KmsErrors.alreadyExists("An alias with the name arn:aws:kms:" + caller.region() + ":"
                    + caller.accountId() + ":" + alias + " already exists");
        }
        keys.append(target, caller, pointed);
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse updateAlias(Caller caller, AliasRequest request) {
        String alias = validAlias(request.aliasName());
        KeyState current = resolver.authorized(caller, "kms:UpdateAlias", alias, true);
        KeyState target = load(caller, "kms:UpdateAlias", request.targetKeyId(), false);
        List<KeyEvent> pointed = KeyDecider.decide(new PointAlias(alias, current.keyId(), Instant.now()), target);
        if (!current.keyId().equals(target.keyId())) {
            KeyState previous = keys.load(current.keyId());
            keys.append(previous, caller, KeyDecider.decide(new RemoveAlias(alias), previous));
            keys.append(target, caller, pointed);
        }
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse deleteAlias(Caller caller, AliasRequest request) {
        String alias = validAlias(request.aliasName());
        KeyState key = keys.load(resolver.authorized(caller, "kms:DeleteAlias", alias, true).keyId());
        keys.append(key, caller, KeyDecider.decide(new RemoveAlias(alias), key));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse tagResource(Caller caller, TagResourceRequest request) {
        Map<String, String> tags = validTags(request.tags());
        KeyState key = load(caller, "kms:TagResource", request.keyId(), false);
        keys.append(key, caller, KeyDecider.decide(new TagKey(tags), key));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse untagResource(Caller caller, UntagResourceRequest request) {
        if (request.tagKeys() == null || request.tagKeys().isEmpty()) {
            throw KmsErrors.validation("TagKeys must not be empty");
        }
        KeyState key = load(caller, "kms:UntagResource", request.keyId(), false);
        keys.append(key, caller, KeyDecider.decide(new UntagKey(request.tagKeys()), key));
        return null;
    }

    private KeyState load(Caller caller, String action, String keyId, boolean allowAlias) {
        return keys.load(resolver.authorized(caller, action, keyId, allowAlias).keyId());
    }

    private boolean resolverHasAlias(Caller caller, String alias) {
        try {
            resolver.resolve(caller, alias, true);
            return true;
        } catch (AwsException e) {
            if ("NotFoundException".equals(e.errorType())) {
                return false;
            }
            throw e;
        }
    }

    /** In KMS's order: the model's pattern, then the prefix, the reserved names, and the ':' the pattern allows. */
    private static String validAlias(String alias) {
        if (alias == null) {
            throw KmsErrors.required("aliasName");
        }
        if (alias.isEmpty() || alias.length() > 256) {
            throw KmsErrors.length("aliasName", alias, alias.length(), 1, 256);
        }
        if (!ALIAS_PATTERN.matcher(alias).matches()) {
            throw KmsErrors.pattern("aliasName", alias, "^[a-zA-Z0-9:/_-]+$");
        }
        if (!alias.startsWith("alias/")) {
            throw KmsErrors.validation("Alias must start with the prefix \"alias/\". Please see "
                    + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        if (alias.startsWith("alias/aws/")) {
            throw KmsErrors.notAuthorized("Cannot create, update or delete an alias with the reserved prefix "
                    + "alias/aws/: " + alias);
        }
        if (alias.indexOf(':') >= 0 || alias.length() == "alias/".length()) {
            throw KmsErrors.validation(alias + " contains invalid characters for an alias");
        }
        return alias;
    }

    /**
     * A key policy in the IAM grammar, which (unless the caller bypasses the check, as KMS allows) must still let
     * the caller change the key's policy: KMS's policy lockout safety check.
     */
    private String validPolicy(Caller caller, String keyArn, String policy, Boolean bypassLockoutCheck) {
        if (policy == null || policy.isEmpty() || policy.length() > 32768) {
            throw KmsErrors.malformedPolicy("The policy must be a JSON document of 1 to 32768 characters");
        }
        PolicyDocument document;
        try {
            document = PolicyDocument.parse(policy, PolicyDocument.Kind.RESOURCE);
        } catch (MalformedPolicyException e) {
            throw KmsErrors.malformedPolicy("The policy is malformed: " + e.getMessage());
        }
        if (!Boolean.TRUE.equals(bypassLockoutCheck) && !access.allows(caller, "kms:PutKeyPolicy", keyArn, document)) {
            throw KmsErrors.malformedPolicy("The new key policy will not allow you to update the key policy in the "
                    + "future.");
        }
        return policy;
    }

    /**
     * The key spec a CreateKey asks for: a value outside KMS's set is a ValidationException; SM2 exists only in the
     * China Regions (the aws-cn partition, which Coffer does not serve); the rest are made.
     */
    private static KeySpec keySpec(String keySpec, String customerMasterKeySpec) {
        if (keySpec != null && customerMasterKeySpec != null) {
            throw KmsErrors.validation("You cannot specify both KeySpec and CustomerMasterKeySpec");
        }
        String member = keySpec != null ? "keySpec" : "customerMasterKeySpec";
        String name = keySpec != null ? keySpec : customerMasterKeySpec != null ? customerMasterKeySpec
                : KeySpec.SYMMETRIC_DEFAULT.name();
        if (!KeySpec.WIRE_VALUES.contains(name)) {
            throw KmsErrors.notInEnum(member, name, KeySpec.WIRE_VALUES);
        }
        if ("SM2".equals(name)) {
            throw KmsErrors.unsupported("KeySpec SM2 is available only in the AWS China Regions");
        }
        return KeySpec.of(name).orElseThrow(() -> KmsErrors.unsupported("KeySpec " + name + " is not supported"));
    }

    /** KeyUsage defaults to ENCRYPT_DECRYPT for symmetric keys only, as in KMS, and must be one the spec allows. */
    private static KeyUsage keyUsage(String keyUsage, KeySpec spec) {
        if (keyUsage == null && !spec.symmetric()) {
            throw KmsErrors.validation("You must specify a KeyUsage value for all KMS keys except for symmetric "
                    + "encryption keys.");
        }
        String name = keyUsage == null ? KeyUsage.ENCRYPT_DECRYPT.name() : keyUsage;
        if (Arrays.stream(KeyUsage.values()).noneMatch(u -> u.name().equals(name))) {
            throw KmsErrors.notInEnum("keyUsage", name,
                    Arrays.stream(KeyUsage.values()).map(Enum::name).toList());
        }
        KeyUsage usage = KeyUsage.valueOf(name);
        if (!spec.allows(usage)) {
            throw KmsErrors.validation("KeyUsage " + usage + " is not compatible with KeySpec " + spec.name());
        }
        return usage;
    }

    private static void validDescription(String description) {
        if (description != null && description.length() > 8192) {
            throw KmsErrors.length("description", null, description.length(), 0, 8192);
        }
    }

    /**
     * Tags as KMS checks them: lengths are a ValidationException; at most 50, a key twice in one request and the
     * reserved {@code aws:} prefix (in any case) are a TagException.
     */
    private static Map<String, String> validTags(List<Tag> tags) {
        Map<String, String> valid = new LinkedHashMap<>();
        if (tags == null) {
            return valid;
        }
        if (tags.size() > 50) {
            throw KmsErrors.tag("Too many tags");
        }
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            String member = "tags." + (i + 1) + ".member.";
            if (tag == null || tag.tagKey() == null) {
                throw KmsErrors.required(member + "tagKey");
            }
            if (tag.tagKey().isEmpty() || tag.tagKey().length() > 128) {
                throw KmsErrors.length(member + "tagKey", tag.tagKey(), tag.tagKey().length(), 1, 128);
            }
            if (tag.tagValue() == null) {
                throw KmsErrors.required(member + "tagValue");
            }
            if (tag.tagValue().length() > 256) {
                throw KmsErrors.length(member + "tagValue", tag.tagValue(), tag.tagValue().length(), 0, 256);
            }
            if (tag.tagKey().regionMatches(true, 0, "aws:", 0, 4)) {
                throw KmsErrors.tag("Tags beginning with aws: are reserved");
            }
            if (valid.put(tag.tagKey(), tag.tagValue()) != null) {
                throw KmsErrors.tag("Duplicate tag keys");
            }
        }
        return valid;
    }
}
