package io.coffer.key.keys;

import io.coffer.aws.iam.AccessDeniedException;
import io.coffer.aws.iam.Decision;
import io.coffer.aws.iam.MalformedPolicyException;
import io.coffer.aws.iam.PolicyDocument;
import io.coffer.aws.identity.Authorizer;
import io.coffer.kernel.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Authorizes a KMS action on a key as KMS does: the caller's identity-based policies and the key's policy together
 * (an explicit Deny in either wins; the key policy must allow, directly or by delegating to the account's IAM
 * policies), or else one of the key's grants; with KMS's condition keys: {@code kms:CallerAccount},
 * {@code kms:ViaService} for calls a service makes on the caller's behalf, and {@code kms:EncryptionContext:<key>} /
 * {@code kms:EncryptionContextKeys}.
 */
@ApplicationScoped
public class KeyAuthorizer {

    private static final Logger LOG = Logger.getLogger(KeyAuthorizer.class);
    private static final int MAX_CACHED_POLICIES = 10_000;

    private final Authorizer authorizer;
    private final KeyProjector keys;
    /** Parsed key policies by their text: parsing on every cryptographic call would cost more than evaluating. */
    private final Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

    public KeyAuthorizer(Authorizer authorizer, KeyProjector keys) {
        this.authorizer = authorizer;
        this.keys = keys;
    }

    /** @throws io.coffer.aws.iam.AccessDeniedException unless the policies allow it */
    public void authorize(Caller caller, String action, KeyState key) {
        authorize(caller, action, key, null);
    }

    /**
     * @param encryptionContext the request's encryption context, for the {@code kms:EncryptionContext*} keys; null
     *                          for operations without one
     */
    public void authorize(Caller caller, String action, KeyState key, Map<String, String> encryptionContext) {
        Decision decision = authorizer.decide(authorizer.request(caller, action, key.arn(),
                context(caller, encryptionContext)), policy(key));
        if (decision == Decision.IMPLICIT_DENY && granted(caller, action, key, encryptionContext)) {
            return;
        }
        if (decision != Decision.ALLOWED) {
            throw new AccessDeniedException(caller.principal().arn(), action, key.arn(), decision);
        }
    }

    /**
     * Whether one of the key's grants allows the call. A key state served from the cache may predate a grant made
     * on another replica a moment ago, so before refusing, the grants are read from the database: grants take
     * effect at once everywhere, which is what KMS's grant tokens are for.
     */
    private boolean granted(Caller caller, String action, KeyState key, Map<String, String> encryptionContext) {
        String operation = action.substring(action.indexOf(':') + 1);
        String principal = caller.principal().arn();
        if (key.grants().stream().anyMatch(g -> g.allows(principal, operation, encryptionContext))) {
            return true;
        }
        return keys.findFresh(key.keyId()).map(KeyState::grants).orElse(List.of()).stream()
                .anyMatch(g -> g.allows(principal, operation, encryptionContext));
    }

    /** Whether {@code policy}, as the key's policy, would allow the caller {@code action} (no exception). */
    public boolean allows(Caller caller, String action, String keyArn, PolicyDocument policy) {
        return authorizer.decide(authorizer.request(caller, action, keyArn, context(caller, null)), policy)
                == Decision.ALLOWED;
    }

    /** An action without a key resource ({@code CreateKey}, {@code ListKeys} …): identity-based policies only. */
    public void authorizeWithoutKey(Caller caller, String action) {
        authorizer.authorize(caller, action, "*", context(caller, null), null);
    }

    private static Map<String, List<String>> context(Caller caller, Map<String, String> encryptionContext) {
        Map<String, List<String>> context = new HashMap<>();
        context.put("kms:CallerAccount", List.of(caller.accountId()));
        if (caller.invokedBy() != null) {
            context.put("kms:ViaService", List.of(viaService(caller.invokedBy(), caller.region())));
        }
        if (encryptionContext != null && !encryptionContext.isEmpty()) {
            encryptionContext.forEach((k, v) -> context.put("kms:EncryptionContext:" + k, List.of(v)));
            context.put("kms:EncryptionContextKeys", List.copyOf(encryptionContext.keySet()));
        }
        return context;
    }

    /** {@code codecommit.amazonaws.com} calling in us-east-2 is {@code codecommit.us-east-2.amazonaws.com}. */
    static String viaService(String invokedBy, String region) {
        String suffix = ".amazonaws.com";
        return invokedBy.endsWith(suffix)
                ? invokedBy.substring(0, invokedBy.length() - suffix.length()) + "." + region + suffix
                : invokedBy;
    }

    private PolicyDocument policy(KeyState key) {
        PolicyDocument policy = parsed.get(key.policy());
        if (policy == null) {
            try {
                policy = PolicyDocument.parse(key.policy(), PolicyDocument.Kind.RESOURCE);
            } catch (MalformedPolicyException e) {
                // PutKeyPolicy refuses such policies; one stored earlier allows nothing rather than everything
                LOG.errorf("Key %s has a malformed policy, which allows nothing: %s", key.arn(), e.getMessage());
                policy = new PolicyDocument("2012-10-17", null, List.of());
            }
            if (parsed.size() >= MAX_CACHED_POLICIES) {
                parsed.clear();
            }
            parsed.put(key.policy(), policy);
        }
        return policy;
    }
}
