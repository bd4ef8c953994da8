package io.coffer.repo.merge;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coffer.repo.file.FileRequests.DeleteFileEntry;
import io.coffer.repo.file.FileRequests.SetFileModeEntry;
import java.util.List;

/** Request and response shapes of the merge operations. */
public final class MergeRequests {

    private MergeRequests() {
    }

    public record GetMergeOptionsRequest(String repositoryName, String sourceCommitSpecifier,
            String destinationCommitSpecifier, String conflictDetailLevel, String conflictResolutionStrategy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetMergeOptionsResponse(List<String> mergeOptions, String sourceCommitId,
            String destinationCommitId, String baseCommitId) {
    }

    public record MergeBranchesByFastForwardRequest(String repositoryName, String sourceCommitSpecifier,
            String destinationCommitSpecifier, String targetBranch) {
    }

    /** MergeBranchesBySquash and MergeBranchesByThreeWay take the same members. */
    public record MergeBranchesRequest(String repositoryName, String sourceCommitSpecifier,
            String destinationCommitSpecifier, String targetBranch, String conflictDetailLevel,
            String conflictResolutionStrategy, String authorName, String email, String commitMessage,
            Boolean keepEmptyFolders, ConflictResolution conflictResolution) {
    }

    public record MergeBranchesResponse(String commitId, String treeId) {
    }

    /** How the caller resolves conflicts, file by file. */
    public record ConflictResolution(List<ReplaceContentEntry> replaceContents, List<DeleteFileEntry> deleteFiles,
            List<SetFileModeEntry> setFileModes) {
    }

    /** {@code replacementType}: KEEP_BASE, KEEP_SOURCE, KEEP_DESTINATION or USE_NEW_CONTENT (with content). */
    public record ReplaceContentEntry(String filePath, String replacementType, byte[] content, String fileMode) {
    }

    public record GetMergeConflictsRequest(String repositoryName, String destinationCommitSpecifier,
            String sourceCommitSpecifier, String mergeOption, String conflictDetailLevel, Integer maxConflictFiles,
            String conflictResolutionStrategy, String nextToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetMergeConflictsResponse(boolean mergeable, String destinationCommitId, String sourceCommitId,
            String baseCommitId, List<ConflictMetadata> conflictMetadataList, String nextToken) {
    }

    public record DescribeMergeConflictsRequest(String repositoryName, String destinationCommitSpecifier,
            String sourceCommitSpecifier, String mergeOption, Integer maxMergeHunks, String filePath,
            String conflictDetailLevel, String conflictResolutionStrategy, String nextToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DescribeMergeConflictsResponse(ConflictMetadata conflictMetadata, List<MergeHunk> mergeHunks,
            String nextToken, String destinationCommitId, String sourceCommitId, String baseCommitId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConflictMetadata(String filePath, Sides<Long> fileSizes, Sides<String> fileModes,
            Sides<String> objectTypes, int numberOfConflicts, Sides<Boolean> isBinaryFile, boolean contentConflict,
            boolean fileModeConflict, boolean objectTypeConflict, MergeOperations mergeOperations) {
    }

    /** A value for each of the three commits of a merge; null where the file is absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sides<T>(T source, T destination, T base) {
    }

    /** What each side did to the file since the base: A, M or D. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MergeOperations(String source, String destination) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MergeHunk(boolean isConflict, MergeHunkDetail source, MergeHunkDetail destination,
            MergeHunkDetail base) {
    }

    /** Lines {@code startLine} to {@code endLine} of one side, counted from 1, and their text. */
    public record MergeHunkDetail(int startLine, int endLine, String hunkContent) {
    }

    public record CreateUnreferencedMergeCommitRequest(String repositoryName, String sourceCommitSpecifier,
            String destinationCommitSpecifier, String mergeOption, String conflictDetailLevel,
            String conflictResolutionStrategy, String authorName, String email, String commitMessage,
            Boolean keepEmptyFolders, ConflictResolution conflictResolution) {
    }

    public record BatchDescribeMergeConflictsRequest(String repositoryName, String destinationCommitSpecifier,
            String sourceCommitSpecifier, String mergeOption, Integer maxMergeHunks, Integer maxConflictFiles,
            List<String> filePaths, String conflictDetailLevel, String conflictResolutionStrategy, String nextToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchDescribeMergeConflictsResponse(List<Conflict> conflicts, String nextToken,
            List<BatchDescribeMergeConflictsError> errors, String destinationCommitId, String sourceCommitId,
            String baseCommitId) {
    }

    public record Conflict(ConflictMetadata conflictMetadata, List<MergeHunk> mergeHunks) {
    }

    public record BatchDescribeMergeConflictsError(String filePath, String exceptionName, String message) {
    }

    public record GetMergeCommitRequest(String repositoryName, String sourceCommitSpecifier,
            String destinationCommitSpecifier, String conflictDetailLevel, String conflictResolutionStrategy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetMergeCommitResponse(String sourceCommitId, String destinationCommitId, String baseCommitId,
            String mergedCommitId) {
    }
}
