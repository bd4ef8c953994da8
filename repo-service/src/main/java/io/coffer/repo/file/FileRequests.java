package io.coffer.repo.file;

import java.util.List;

/** Request and response shapes of the file, folder and blob reads and of the commits made without Git. */
public final class FileRequests {

    private FileRequests() {
    }

    public record GetBlobRequest(String repositoryName, String blobId) {
    }

    /** {@code content} is serialized as base64, as every blob member of CodeCommit's JSON. */
    public record GetBlobResponse(byte[] content) {
    }

    public record GetFileRequest(String repositoryName, String commitSpecifier, String filePath) {
    }

    public record GetFileResponse(String commitId, String blobId, String filePath, String fileMode, long fileSize,
            byte[] fileContent) {
    }

    public record GetFolderRequest(String repositoryName, String commitSpecifier, String folderPath) {
    }

    public record GetFolderResponse(String commitId, String folderPath, String treeId, List<Folder> subFolders,
            List<File> files, List<File> symbolicLinks, List<SubModule> subModules) {
    }

    public record Folder(String treeId, String absolutePath, String relativePath) {
    }

    public record File(String blobId, String absolutePath, String relativePath, String fileMode) {
    }

    public record SubModule(String commitId, String absolutePath, String relativePath) {
    }

    public record PutFileRequest(String repositoryName, String branchName, byte[] fileContent, String filePath,
            String fileMode, String parentCommitId, String commitMessage, String name, String email) {
    }

    public record PutFileResponse(String commitId, String blobId, String treeId) {
    }

    public record DeleteFileRequest(String repositoryName, String branchName, String filePath,
            String parentCommitId, Boolean keepEmptyFolders, String commitMessage, String name, String email) {
    }

    public record DeleteFileResponse(String commitId, String blobId, String treeId, String filePath) {
    }

    public record CreateCommitRequest(String repositoryName, String branchName, String parentCommitId,
            String authorName, String email, String commitMessage, Boolean keepEmptyFolders,
            List<PutFileEntry> putFiles, List<DeleteFileEntry> deleteFiles, List<SetFileModeEntry> setFileModes) {
    }

    /** Content, or a file of the parent commit to copy ({@code isMove}: and delete). */
    public record PutFileEntry(String filePath, String fileMode, byte[] fileContent, SourceFileSpecifier sourceFile) {
    }

    public record SourceFileSpecifier(String filePath, Boolean isMove) {
    }

    public record DeleteFileEntry(String filePath) {
    }

    public record SetFileModeEntry(String filePath, String fileMode) {
    }

    public record CreateCommitResponse(String commitId, String treeId, List<FileMetadata> filesAdded,
            List<FileMetadata> filesUpdated, List<FileMetadata> filesDeleted) {
    }

    public record FileMetadata(String absolutePath, String blobId, String fileMode) {
    }
}
