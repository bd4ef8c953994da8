package io.coffer.aws.iam;

import io.coffer.kernel.AwsException;

/** A request no policy allows, or one a policy explicitly denies, in the words AWS uses. */
public class AccessDeniedException extends AwsException {

    public AccessDeniedException(String principalArn, String action, String resource, Decision decision) {
        super("AccessDeniedException", 400, "User: " + principalArn + " is not authorized to perform: " + action
                + " on resource: " + resource + (decision == Decision.EXPLICIT_DENY ? " with an explicit deny" : ""));
    }
}
