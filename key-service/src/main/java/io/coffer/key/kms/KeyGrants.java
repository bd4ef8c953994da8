package io.coffer.key.kms;

import static io.coffer.key.kms.RequestChecks.dryRun;
import static io.coffer.key.kms.RequestChecks.required;

import io.coffer.aws.AwsTimestamps;
import io.coffer.events.contract.GrantCreated;
import io.coffer.events.contract.KeyEvent;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.key.keys.Grant;
import io.coffer.key.keys.KeyAuthorizer;
import io.coffer.key.keys.KeyDecider;
import io.coffer.key.keys.KeyDecider.CreateGrant;
import io.coffer.key.keys.KeyDecider.EndGrant;
import io.coffer.key.keys.KeyProjector;
import io.coffer.key.keys.KeyResolver;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.Keys;
import io.coffer.key.keys.KmsErrors;
import io.coffer.key.kms.KmsShapes.CreateGrantRequest;
import io.coffer.key.kms.KmsShapes.CreateGrantResponse;
import io.coffer.key.kms.KmsShapes.GrantConstraints;
import io.coffer.key.kms.KmsShapes.GrantListEntry;
import io.coffer.key.kms.KmsShapes.KeyIdResponse;
import io.coffer.key.kms.KmsShapes.ListGrantsRequest;
import io.coffer.key.kms.KmsShapes.ListGrantsResponse;
import io.coffer.key.kms.KmsShapes.RetireGrantRequest;
import io.coffer.key.kms.KmsShapes.RevokeGrantRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * KMS grants: CreateGrant, ListGrants, RetireGrant, RevokeGrant, ListRetirableGrants. A grant lives in its key's
 * event stream, so it is authorized, listed and ended like any other change of the key.
 */
@ApplicationScoped
public class KeyGrants {

    private static final Pattern PRINCIPAL = Pattern.compile("[\\w+=,.@:/-]{1,256}");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:/_-]{1,256}");
    private static final Pattern GRANT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Keys keys;
    private final KeyProjector projector;
    private final KeyResolver resolver;
    private final KeyAuthorizer access;

    public KeyGrants(Keys keys, KeyProjector projector, KeyResolver resolver, KeyAuthorizer access) {
        this.keys = keys;
        this.projector = projector;
        this.resolver = resolver;
        this.access = access;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public CreateGrantResponse createGrant(Caller caller, CreateGrantRequest request) {
        String grantee = principal(request.granteePrincipal(), "granteePrincipal");
        String retiring = request.retiringPrincipal() == null ? null
                : principal(request.retiringPrincipal(), "retiringPrincipal");
        List<String> operations = operations(request.operations());
        if (request.name() != null && !NAME.matcher(request.name()).matches()) {
            throw KmsErrors.pattern("name", request.name(), "^[a-zA-Z0-9:/_-]+$");
        }
        GrantConstraints constraints = request.constraints();
        KeyState key = keys.load(resolver.authorized(caller, "kms:CreateGrant", request.keyId(), false).keyId());
        dryRun(request.dryRun());
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        GrantCreated proposed = new GrantCreated(HexFormat.of().formatHex(id), request.name(), grantee, retiring,
                operations, constraints == null ? null : copy(constraints.encryptionContextEquals()),
                constraints == null ? null : copy(constraints.encryptionContextSubset()),
                "arn:aws:iam::" + caller.accountId() + ":root", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        List<KeyEvent> events = KeyDecider.decide(new CreateGrant(proposed), key);
        // a named grant made again with the same parameters is the same grant
        String grantId = events.isEmpty() ? key.grants().stream().filter(g -> g.sameAs(proposed)).findFirst()
                .orElseThrow().grantId() : proposed.grantId();
        keys.append(key, caller, events);
        return new CreateGrantResponse(GrantTokens.of(key.keyId(), grantId), grantId);
    }

    /**
     * By its token, or by key and grant ID. The grant's retiring principal, and its grantee where the grant allows
     * RetireGrant, may retire it by the grant alone; anyone else needs {@code kms:RetireGrant} on the key.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse retireGrant(Caller caller, RetireGrantRequest request) {
        String keyId;
        String grantId;
        if (request.grantToken() != null) {
            GrantTokens.GrantReference reference = GrantTokens.parse(request.grantToken());
            keyId = reference.keyId();
            grantId = reference.grantId();
        } else if (request.keyId() != null && request.grantId() != null) {
            keyId = request.keyId();
            grantId = grantId(request.grantId());
        } else {
            throw KmsErrors.validation("RetireGrant needs a GrantToken, or a KeyId and a GrantId");
        }
        KeyState key = keys.load(resolver.resolve(caller, keyId, false).keyId());
        Grant grant = key.grant(grantId).orElseThrow(() -> KmsErrors.notFound("Grant ID " + grantId
                + " not found on " + key.arn()).resource(key.arn(), KmsErrors.KEY_RESOURCE));
        if (!grant.retirableBy(caller.principal().arn())) {
            try {
                access.authorize(caller, "kms:RetireGrant", key);
            } catch (AwsException e) {
                throw e.resource(key.arn(), KmsErrors.KEY_RESOURCE);
            }
        }
        dryRun(request.dryRun());
        keys.append(key, caller, KeyDecider.decide(new EndGrant(grantId, false), key));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyIdResponse revokeGrant(Caller caller, RevokeGrantRequest request) {
        String grantId = grantId(required(request.grantId(), "grantId"));
        KeyState key = keys.load(resolver.authorized(caller, "kms:RevokeGrant", request.keyId(), false).keyId());
        dryRun(request.dryRun());
        keys.append(key, caller, KeyDecider.decide(new EndGrant(grantId, true), key));
        return null;
    }

    public ListGrantsResponse listGrants(Caller caller, ListGrantsRequest request) {
        KeyState key = resolver.authorized(caller, "kms:ListGrants", request.keyId(), false);
        List<GrantListEntry> grants = key.grants().stream()
                .filter(g -> request.grantId() == null || g.grantId().equals(request.grantId()))
                .filter(g -> request.granteePrincipal() == null || g.granteePrincipal().equals(
                        request.granteePrincipal()))
                .map(g -> entry(key, g)).toList();
        Markers.Page<GrantListEntry> page = Markers.page(grants, request.limit(), request.marker(), 50, 100);
        return new ListGrantsResponse(page.items(), page.nextMarker(), page.truncated());
    }

    /** Every grant in the caller's account and region that {@code RetiringPrincipal} may retire. */
    public ListGrantsResponse listRetirableGrants(Caller caller, ListGrantsRequest request) {
        String retiring = principal(request.retiringPrincipal(), "retiringPrincipal");
        List<GrantListEntry> grants = projector.all(caller.accountId(), caller.region()).stream()
                .flatMap(key -> key.grants().stream().filter(g -> retiring.equals(g.retiringPrincipal()))
                        .map(g -> entry(key, g)))
                .toList();
        Markers.Page<GrantListEntry> page = Markers.page(grants, request.limit(), request.marker(), 50, 100);
        return new ListGrantsResponse(page.items(), page.nextMarker(), page.truncated());
    }

    private static GrantListEntry entry(KeyState key, Grant grant) {
        GrantConstraints constraints = grant.contextEquals() == null && grant.contextSubset() == null ? null
                : new GrantConstraints(grant.contextSubset(), grant.contextEquals());
        return new GrantListEntry(key.arn(), grant.grantId(), grant.name(),
                AwsTimestamps.epochSeconds(grant.creationDate()), grant.granteePrincipal(),
                grant.retiringPrincipal(), grant.issuingAccount(), grant.operations(), constraints);
    }

    private static String principal(String principal, String member) {
        required(principal, member);
        if (!PRINCIPAL.matcher(principal).matches()
                || !(principal.startsWith("arn:aws:") || principal.endsWith(".amazonaws.com"))) {
            throw KmsErrors.validation("1 validation error detected: Value '" + principal + "' at '" + member
                    + "' failed to satisfy constraint: Member must be an AWS principal ARN or a service principal");
        }
        return principal;
    }

    private static List<String> operations(List<String> operations) {
        if (operations == null || operations.isEmpty()) {
            throw KmsErrors.length("operations", null, 0, 1, 50);
        }
        for (String operation : operations) {
            if (!Grant.OPERATIONS.contains(operation)) {
                throw KmsErrors.notInEnum("operations", operation, Grant.OPERATIONS);
            }
        }
        return List.copyOf(new LinkedHashSet<>(operations));
    }

    private static String grantId(String grantId) {
        if (!GRANT_ID.matcher(grantId).matches()) {
            throw AwsException.client("InvalidGrantIdException", "The grant ID " + grantId + " is not valid");
        }
        return grantId;
    }

    private static Map<String, String> copy(Map<String, String> context) {
        return context == null ? null : Map.copyOf(context);
    }
}
