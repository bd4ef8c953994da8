package io.coffer.events.contract;

/**
 * A repository trigger fired for a change of the repository's refs (topic {@code coffer.repository.triggers}, key:
 * repository ID): {@code notification} is the message its destination receives, CodeCommit's trigger record as JSON,
 * delivered byte for byte as it is here. Never carries a destination's secret.
 */
public record RepositoryTriggerFired(String repositoryId, String configurationId, String triggerName,
        String destinationArn, String notification) {

    public static final String TYPE = "RepositoryTriggerFired";
    public static final String AGGREGATE = "RepositoryTrigger";
}
