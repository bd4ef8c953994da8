package io.coffer.aws.iam;

import java.util.List;

/**
 * One statement of a policy. Exactly one of Action/NotAction and of Resource/NotResource is set; a resource-based
 * policy's statement also names its principals (Principal/NotPrincipal).
 *
 * @param principals {@code *}, account IDs, account root ARNs, user ARNs and service names; empty in identity
 *                   policies
 * @param resources  empty in a resource-based policy statement that omits Resource (it applies to the resource
 *                   the policy is attached to)
 */
public record PolicyStatement(String sid, Effect effect, List<String> principals, boolean notPrincipal,
        List<String> actions, boolean notAction, List<String> resources, boolean notResource,
        List<ConditionClause> conditions) {

    /** How a statement's Principal element covers a request's principal. */
    public enum PrincipalMatch {
        /** Not covered. */
        NONE,
        /** Named directly, or everyone ({@code *}): the statement alone grants or denies. */
        DIRECT,
        /** Only the principal's account is named: an Allow needs the account's IAM policies to allow as well. */
        ACCOUNT
    }

    public PolicyStatement {
        principals = List.copyOf(principals);
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    /** Whether action, resource and every condition cover the request (the principal is checked separately). */
    public boolean appliesTo(AuthorizationRequest request) {
        return coversAction(request.action()) && coversResource(request) && conditionsHold(request);
    }

    private boolean coversAction(String action) {
        boolean listed = actions.stream().anyMatch(pattern -> Wildcard.matchesIgnoreCase(pattern, action));
        return listed != notAction;
    }

    private boolean coversResource(AuthorizationRequest request) {
        if (resources.isEmpty()) {
            return true;
        }
        boolean listed = resources.stream().anyMatch(pattern -> {
            String expanded = PolicyVariables.expand(pattern, request);
            return expanded != null && Wildcard.matches(expanded, request.resource());
        });
        return listed != notResource;
    }

    private boolean conditionsHold(AuthorizationRequest request) {
        return conditions.stream().allMatch(condition -> condition.holds(request));
    }

    /** How this statement's Principal element covers {@code request}'s principal. */
    public PrincipalMatch principalMatch(AuthorizationRequest request) {
        PrincipalMatch match = PrincipalMatch.NONE;
        for (String principal : principals) {
            if ("*".equals(principal) || principal.equals(request.principalArn())) {
                match = PrincipalMatch.DIRECT;
                break;
            }
            if (principal.equals(request.principalAccount())
                    || principal.equals("arn:aws:iam::" + request.principalAccount() + ":root")) {
                match = PrincipalMatch.ACCOUNT;
            }
        }
        if (notPrincipal) {
            // NotPrincipal: everyone except those named, each of whom it then covers not at all
            return match == PrincipalMatch.NONE ? PrincipalMatch.DIRECT : PrincipalMatch.NONE;
        }
        return match;
    }
}
