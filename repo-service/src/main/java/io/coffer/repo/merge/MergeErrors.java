package io.coffer.repo.merge;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors of the merge operations. */
final class MergeErrors {

    private MergeErrors() {
    }

    static AwsException manualMergeRequired() {
        return AwsException.client("ManualMergeRequiredException", "The merge cannot be completed automatically. "
                + "Resolve the conflicts (GetMergeConflicts lists them) or merge the branches with Git.");
    }

    static AwsException mergeOptionRequired() {
        return AwsException.client("MergeOptionRequiredException", "A merge option or stategy is required.");
    }

    static AwsException invalidMergeOption() {
        return AwsException.client("InvalidMergeOptionException", "The specified merge option is not valid. Valid "
                + "values are FAST_FORWARD_MERGE, SQUASH_MERGE and THREE_WAY_MERGE.");
    }

    static AwsException invalidConflictDetailLevel() {
        return AwsException.client("InvalidConflictDetailLevelException",
                "The specified conflict detail level is not valid. Valid values are FILE_LEVEL and LINE_LEVEL.");
    }

    static AwsException invalidConflictResolutionStrategy() {
        return AwsException.client("InvalidConflictResolutionStrategyException", "The specified conflict resolution "
                + "strategy is not valid. Valid values are NONE, ACCEPT_SOURCE, ACCEPT_DESTINATION and AUTOMERGE.");
    }

    static AwsException invalidConflictResolution(String why) {
        return AwsException.client("InvalidConflictResolutionException",
                "The specified conflict resolution list is not valid: " + why);
    }

    static AwsException maximumConflictResolutionEntriesExceeded(int limit) {
        return AwsException.client("MaximumConflictResolutionEntriesExceededException",
                "The number of conflict resolution entries exceeds the maximum of " + limit + ".");
    }

    static AwsException multipleConflictResolutionEntries(String path) {
        return AwsException.client("MultipleConflictResolutionEntriesException",
                "More than one conflict resolution entry exists for " + path + ".");
    }

    static AwsException replacementTypeRequired() {
        return AwsException.client("ReplacementTypeRequiredException", "A replacement type is required.");
    }

    static AwsException invalidReplacementType() {
        return AwsException.client("InvalidReplacementTypeException", "The replacement type is not valid. Valid "
                + "values are KEEP_BASE, KEEP_SOURCE, KEEP_DESTINATION and USE_NEW_CONTENT.");
    }

    static AwsException replacementContentRequired() {
        return AwsException.client("ReplacementContentRequiredException",
                "USE_NEW_CONTENT was specified, but no replacement content has been provided.");
    }

    static AwsException invalidReplacementContent() {
        return AwsException.client("InvalidReplacementContentException",
                "Replacement content is only taken with the USE_NEW_CONTENT replacement type.");
    }

    static AwsException invalidTargetBranch() {
        return AwsException.client("InvalidTargetBranchException", "The specified target branch is not valid.");
    }

    static AwsException invalidMaxConflictFiles() {
        return AwsException.client("InvalidMaxConflictFilesException",
                "The specified value for the number of conflict files to return is not valid.");
    }

    static AwsException invalidMaxMergeHunks() {
        return AwsException.client("InvalidMaxMergeHunksException",
                "The specified value for the number of merge hunks to return is not valid.");
    }
}
