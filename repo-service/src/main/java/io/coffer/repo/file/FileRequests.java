package io.coffer.repo.file;

import java.util.List;

/** Request and response shapes of the file, folder and blob reads. */
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
}
