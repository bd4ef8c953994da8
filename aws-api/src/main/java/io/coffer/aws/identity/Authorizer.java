package io.coffer.aws.identity;

import io.coffer.aws.iam.AccessDeniedException;
import io.coffer.aws.iam.AuthorizationRequest;
import io.coffer.aws.iam.Decision;
import io.coffer.aws.iam.PolicyDocument;
import io.coffer.aws.iam.PolicyEvaluator;
import io.coffer.kernel.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a caller may perform an action on a resource, from the identities in force: the user's and its
 * groups' policies, and the resource's own policy where it has one. Deny by default.
 */
@ApplicationScoped
public class Authorizer {

    private final Identities identities;
    private final Clock clock;

    public Authorizer(Identities identities) {
        this.identities = identities;
        this.clock = Clock.systemUTC();
    }

    /**
     * @throws AccessDeniedException unless an Allow applies and no Deny does
     */
    public void authorize(Caller caller, String action, String resource) {
        authorize(caller, action, resource, Map.of(), null);
    }

    /**
     * @param serviceContext the service's own condition keys, e.g. {@code kms:EncryptionContext:<key>}
     * @param resourcePolicy the resource's policy (a key policy), or {@code null} where the resource has none
     * @throws AccessDeniedException unless the policies allow it
     */
    public void authorize(Caller caller, String action, String resource, Map<String, List<String>> serviceContext,
            PolicyDocument resourcePolicy) {
        AuthorizationRequest request = request(caller, action, resource, serviceContext);
        Decision decision = decide(request, resourcePolicy);
        if (decision != Decision.ALLOWED) {
            throw new AccessDeniedException(caller.principal().arn(), action, resource, decision);
        }
    }

    public Decision decide(AuthorizationRequest request, PolicyDocument resourcePolicy) {
        IdentityDirectory directory = identities.current();
        String userName = request.principalArn().substring(request.principalArn().lastIndexOf('/') + 1);
        List<PolicyDocument> policies = directory.user(request.principalAccount(), userName)
                .map(IdentityDirectory.User::effectivePolicies).orElse(List.of());
        return PolicyEvaluator.evaluate(request, policies, resourcePolicy);
    }

    /** The request with IAM's global condition keys filled from the caller. */
    public AuthorizationRequest request(Caller caller, String action, String resource,
            Map<String, List<String>> serviceContext) {
        Map<String, List<String>> context = new HashMap<>(serviceContext);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        context.put("aws:PrincipalArn", List.of(caller.principal().arn()));
        context.put("aws:PrincipalAccount", List.of(caller.accountId()));
        context.put("aws:PrincipalType", List.of("User"));
        context.put("aws:username", List.of(caller.principal().userName()));
        context.put("aws:CurrentTime", List.of(now.toString()));
        context.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
        context.put("aws:RequestedRegion", List.of(caller.region()));
        context.put("aws:ViaAWSService", List.of(Boolean.toString(caller.invokedBy() != null)));
        if (caller.invokedBy() != null) {
            context.put("aws:CalledVia", List.of(caller.invokedBy()));
        }
        if (caller.sourceIp() != null) {
            context.put("aws:SourceIp", List.of(caller.sourceIp()));
        }
        return new AuthorizationRequest(caller.principal().arn(), caller.accountId(), action, resource, context);
    }
}
