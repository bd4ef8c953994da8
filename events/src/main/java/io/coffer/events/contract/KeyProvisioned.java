package io.coffer.events.contract;

import java.time.Instant;
import java.util.Map;

/**
 * A KMS key was created, with its alias if it has one (topic {@code coffer.key.events}, aggregate {@code Key}).
 * Customer keys (CreateKey) and AWS-managed keys (the saga) both start with this event.
 * {@code triggeredByRepositoryId} names the repository whose creation made key-service provision an AWS-managed key.
 * {@code origin} is {@code EXTERNAL} for a key whose material the customer imports (null in events from before
 * imports existed: {@code AWS_KMS}). {@code primaryArn} is set for multi-Region keys: the key's own ARN for a
 * primary; for a replica, its primary's (the replica starts {@code Creating} until its material is copied).
 */
public record KeyProvisioned(String keyId, String arn, String accountId, String region, String keyManager,
        String keySpec, String keyUsage, String description, String aliasName, String triggeredByRepositoryId,
        Instant creationDate, String policy, Map<String, String> tags, String origin, String primaryArn)
        implements KeyEvent {

    public static final String TYPE = "KeyProvisioned";
    /** The alias of the AWS-managed key that protects an account's repositories in a region. */
    public static final String CODECOMMIT_ALIAS = "alias/aws/codecommit";
    /**
     * CodeCommit's service principal: repo-service's name when it calls KMS for a user ({@code invokedBy},
     * {@code kms:ViaService}) and the event source of its CloudTrail records.
     */
    public static final String CODECOMMIT_SERVICE = "codecommit.amazonaws.com";
}
