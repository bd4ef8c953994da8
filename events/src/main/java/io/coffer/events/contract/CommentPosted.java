package io.coffer.events.contract;

import java.time.Instant;

/**
 * A comment was posted on the comparison of {@code beforeCommitId} (null: the commit alone) and {@code afterCommitId},
 * in a pull request ({@code pullRequestId}) or not, on a file position if {@code filePath} is set
 * ({@code relativeFileVersion} BEFORE or AFTER), or in reply to comment {@code inReplyTo}.
 */
public record CommentPosted(String commentId, String repositoryId, String pullRequestId, String beforeCommitId,
        String afterCommitId, String beforeBlobId, String afterBlobId, String filePath, Long filePosition,
        String relativeFileVersion, String inReplyTo, String sealedContent, String authorArn,
        String clientRequestToken, Instant postedAt) implements CommentEvent {
}
