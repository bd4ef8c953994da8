package io.coffer.repo.comment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Request and response shapes of the comment operations. */
public final class CommentRequests {

    private CommentRequests() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(String filePath, Long filePosition, String relativeFileVersion) {
    }

    public record PostCommentForPullRequestRequest(String pullRequestId, String repositoryName,
            String beforeCommitId, String afterCommitId, Location location, String content,
            String clientRequestToken) {
    }

    public record PostCommentForComparedCommitRequest(String repositoryName, String beforeCommitId,
            String afterCommitId, Location location, String content, String clientRequestToken) {
    }

    /** PostCommentForPullRequest's answer; PostCommentForComparedCommit's has no {@code pullRequestId}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PostCommentResponse(String repositoryName, String pullRequestId, String beforeCommitId,
            String afterCommitId, String beforeBlobId, String afterBlobId, Location location, CommentView comment) {
    }

    public record PostCommentReplyRequest(String inReplyTo, String clientRequestToken, String content) {
    }

    public record CommentIdRequest(String commentId) {
    }

    public record UpdateCommentRequest(String commentId, String content) {
    }

    public record CommentResponse(CommentView comment) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommentView(String commentId, String content, String inReplyTo, BigDecimal creationDate,
            BigDecimal lastModifiedDate, String authorArn, boolean deleted, String clientRequestToken,
            List<String> callerReactions, Map<String, Integer> reactionCounts) {
    }

    public record GetCommentsForPullRequestRequest(String pullRequestId, String repositoryName,
            String beforeCommitId, String afterCommitId, String nextToken, Integer maxResults) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetCommentsForPullRequestResponse(List<CommentsOnComparison> commentsForPullRequestData,
            String nextToken) {
    }

    public record GetCommentsForComparedCommitRequest(String repositoryName, String beforeCommitId,
            String afterCommitId, String nextToken, Integer maxResults) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetCommentsForComparedCommitResponse(List<CommentsOnComparison> commentsForComparedCommitData,
            String nextToken) {
    }

    /** CommentsForPullRequest, and CommentsForComparedCommit without {@code pullRequestId}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommentsOnComparison(String pullRequestId, String repositoryName, String beforeCommitId,
            String afterCommitId, String beforeBlobId, String afterBlobId, Location location,
            List<CommentView> comments) {
    }

    public record PutCommentReactionRequest(String commentId, String reactionValue) {
    }

    public record GetCommentReactionsRequest(String commentId, String reactionUserArn, String nextToken,
            Integer maxResults) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetCommentReactionsResponse(List<ReactionForComment> reactionsForComment, String nextToken) {
    }

    public record ReactionForComment(ReactionValueFormats reaction, List<String> reactionUsers,
            int reactionsFromDeletedUsersCount) {
    }

    public record ReactionValueFormats(String emoji, String shortCode, String unicode) {
    }
}
