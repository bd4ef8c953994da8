package io.coffer.repo.trigger;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors of the repository trigger operations. */
final class TriggerErrors {

    private TriggerErrors() {
    }

    private static AwsException error(String type, String message) {
        return AwsException.client(type, message);
    }

    static AwsException listRequired() {
        return error("RepositoryTriggersListRequiredException", "The list of triggers for the repository is "
                + "required, but was not specified.");
    }

    static AwsException tooMany(int limit) {
        return error("MaximumRepositoryTriggersExceededException", "The number of triggers allowed for the "
                + "repository was exceeded (" + limit + ").");
    }

    static AwsException nameRequired() {
        return error("RepositoryTriggerNameRequiredException", "A name for the trigger is required, but was not "
                + "specified.");
    }

    static AwsException invalidName(String why) {
        return error("InvalidRepositoryTriggerNameException", "The name of the trigger is not valid: " + why + ".");
    }

    static AwsException destinationArnRequired() {
        return error("RepositoryTriggerDestinationArnRequiredException", "A destination ARN for the target service "
                + "for the trigger is required, but was not specified.");
    }

    static AwsException invalidDestinationArn(String arn) {
        return error("InvalidRepositoryTriggerDestinationArnException", "The Amazon Resource Name (ARN) for the "
                + "trigger is not valid for the specified destination: " + arn + " is not one of the destinations "
                + "this Coffer installation notifies (coffer.repo.triggers.destinations).");
    }

    static AwsException invalidRegion() {
        return error("InvalidRepositoryTriggerRegionException", "The AWS Region for the trigger target does not "
                + "match the AWS Region for the repository. Triggers must be created in the same AWS Region as the "
                + "target for the trigger.");
    }

    static AwsException invalidCustomData(int limit) {
        return error("InvalidRepositoryTriggerCustomDataException", "The custom data provided for the trigger is "
                + "not valid: at most " + limit + " characters.");
    }

    static AwsException tooManyBranches(int limit) {
        return error("MaximumBranchesExceededException", "The number of branches for the trigger was exceeded ("
                + limit + ").");
    }

    static AwsException invalidBranchName(String branch) {
        return error("InvalidRepositoryTriggerBranchNameException", "One or more branch names specified for the "
                + "trigger is not valid: " + branch + ".");
    }

    static AwsException eventsRequired() {
        return error("RepositoryTriggerEventsListRequiredException", "At least one event for the trigger is "
                + "required, but was not specified.");
    }

    static AwsException invalidEvents() {
        return error("InvalidRepositoryTriggerEventsException", "One or more events specified for the trigger is "
                + "not valid: give all (alone), or any of createReference, updateReference and deleteReference.");
    }
}
