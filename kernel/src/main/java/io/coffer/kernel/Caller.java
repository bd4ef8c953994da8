package io.coffer.kernel;

/**
 * An authenticated request's principal, with the region and service of its SigV4 credential scope.
 *
 * @param invokedBy the service that made the call on the principal's behalf, or {@code null} for a direct call
 */
public record Caller(Principal principal, String region, String service, String sourceIp, String userAgent,
        String requestId, String invokedBy) {

    public String accountId() {
        return principal.accountId();
    }

    public Actor actor() {
        return new Actor("IAMUser", principal.arn(), principal.accountId(), principal.userName(),
                principal.accessKeyId(), sourceIp, userAgent, invokedBy);
    }
}
