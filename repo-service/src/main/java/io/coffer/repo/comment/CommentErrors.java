package io.coffer.repo.comment;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors of the comment operations. */
final class CommentErrors {

    private CommentErrors() {
    }

    private static AwsException error(String type, String message) {
        return AwsException.client(type, message);
    }

    static AwsException commentIdRequired() {
        return error("CommentIdRequiredException", "The comment ID is missing or null. A comment ID is required.");
    }

    static AwsException invalidCommentId() {
        return error("InvalidCommentIdException", "The comment ID is not in a valid format. Make sure that you have "
                + "provided the full comment ID.");
    }

    static AwsException doesNotExist(String id) {
        return error("CommentDoesNotExistException", "No comment exists with the provided ID: " + id + ".");
    }

    static AwsException deleted() {
        return error("CommentDeletedException", "This comment has already been deleted. You cannot edit or delete a "
                + "deleted comment.");
    }

    static AwsException notCreatedByCaller() {
        return error("CommentNotCreatedByCallerException", "You cannot modify or delete this comment. Only comment "
                + "authors can modify or delete their comments.");
    }

    static AwsException contentRequired() {
        return error("CommentContentRequiredException", "The comment is empty. You must provide some content for a "
                + "comment. The content cannot be null.");
    }

    static AwsException contentSizeLimitExceeded(int limit) {
        return error("CommentContentSizeLimitExceededException", "The comment is too large. Comments are limited to "
                + limit + " characters.");
    }

    static AwsException invalidFilePosition() {
        return error("InvalidFilePositionException", "The position is not valid. Make sure that the line number "
                + "exists in the version of the file you want to comment on.");
    }

    static AwsException invalidRelativeFileVersion() {
        return error("InvalidRelativeFileVersionEnumException", "Either the enum is not in a valid format, or the "
                + "specified file version enum is not valid in respect to the current file version: BEFORE or "
                + "AFTER.");
    }

    static AwsException beforeCommitIdAndAfterCommitIdAreSame() {
        return error("BeforeCommitIdAndAfterCommitIdAreSameException", "The before commit ID and the after commit "
                + "ID are the same, which is not valid. The before commit ID and the after commit ID must be "
                + "different commit IDs.");
    }

    static AwsException reactionValueRequired() {
        return error("ReactionValueRequiredException", "A reaction value is required.");
    }

    static AwsException invalidReactionValue() {
        return error("InvalidReactionValueException", "The value of the reaction is not valid: give one of "
                + "thumbsup, thumbsdown, smile, confused, heart, tada, rocket or eyes, as an emoji, a short code or "
                + "a code point.");
    }

    static AwsException invalidReactionUserArn() {
        return error("InvalidReactionUserArnException", "The Amazon Resource Name (ARN) of the user or identity is "
                + "not valid.");
    }

    static AwsException invalidMaxResults(int limit) {
        return error("InvalidMaxResultsException", "The specified number of maximum results is not valid: 1 to "
                + limit + ".");
    }

}
