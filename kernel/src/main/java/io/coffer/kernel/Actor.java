package io.coffer.kernel;

/**
 * Who caused an event: the authenticated principal, where the call came from, and the AWS service that acted on
 * the principal's behalf ({@code invokedBy}, e.g. {@code codecommit.amazonaws.com}), if any.
 */
public record Actor(String type, String arn, String accountId, String userName, String accessKeyId, String sourceIp,
        String userAgent, String invokedBy) {

    /** The same principal, acting through {@code service}. */
    public Actor invokedBy(String service) {
        return new Actor(type, arn, accountId, userName, accessKeyId, sourceIp, userAgent, service);
    }
}
