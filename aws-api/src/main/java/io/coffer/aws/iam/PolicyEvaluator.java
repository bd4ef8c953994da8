package io.coffer.aws.iam;

import io.coffer.aws.iam.PolicyStatement.PrincipalMatch;
import java.util.List;

/**
 * IAM's evaluation logic for requests within one account, as AWS documents it: an applicable explicit Deny in any
 * policy wins; otherwise an Allow is needed, else the request is implicitly denied. Where the resource has a policy
 * of its own (a KMS key policy), it must allow too: either it names the principal (or everyone) and so grants by
 * itself, or it names the principal's account and so delegates to the account's identity-based policies.
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    /**
     * @param identityPolicies the principal's own and its groups' policies
     * @param resourcePolicy   the resource's policy, or {@code null} where the resource type has none
     */
    public static Decision evaluate(AuthorizationRequest request, List<PolicyDocument> identityPolicies,
            PolicyDocument resourcePolicy) {
        boolean identityAllows = false;
        for (PolicyDocument policy : identityPolicies) {
            for (PolicyStatement statement : policy.statements()) {
                if (statement.appliesTo(request)) {
                    if (statement.effect() == Effect.DENY) {
                        return Decision.EXPLICIT_DENY;
                    }
                    identityAllows = true;
                }
            }
        }
        if (resourcePolicy == null) {
            return identityAllows ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
        }
        boolean grants = false;
        boolean delegates = false;
        for (PolicyStatement statement : resourcePolicy.statements()) {
            PrincipalMatch principal = statement.principalMatch(request);
            if (principal == PrincipalMatch.NONE || !statement.appliesTo(request)) {
                continue;
            }
            if (statement.effect() == Effect.DENY) {
                return Decision.EXPLICIT_DENY;
            }
            grants |= principal == PrincipalMatch.DIRECT;
            delegates |= principal == PrincipalMatch.ACCOUNT;
        }
        return grants || delegates && identityAllows ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
    }
}
