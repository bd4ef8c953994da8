package io.coffer.aws.iam;

/** The outcome of evaluating every policy that applies to a request, in IAM's order of precedence. */
public enum Decision {
    /** An Allow applies and no Deny does. */
    ALLOWED,
    /** A Deny statement applies: nothing can override it. */
    EXPLICIT_DENY,
    /** No statement allows the request: the default for everything. */
    IMPLICIT_DENY
}
