package io.coffer.repo.file;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors about files, folders and blobs. */
final class FileErrors {

    private FileErrors() {
    }

    static AwsException fileDoesNotExist(String path) {
        return AwsException.client("FileDoesNotExistException",
                "The specified file " + path + " does not exist in the specified commit.");
    }

    static AwsException folderDoesNotExist(String path) {
        return AwsException.client("FolderDoesNotExistException",
                "The specified folder " + path + " does not exist in the specified commit.");
    }

    static AwsException fileTooLarge(long limit) {
        return AwsException.client("FileTooLargeException",
                "The specified file exceeds the file size limit for AWS CodeCommit (" + limit + " bytes).");
    }

    static AwsException blobIdRequired() {
        return AwsException.client("BlobIdRequiredException", "A blob ID is required, but was not specified.");
    }

    static AwsException invalidBlobId() {
        return AwsException.client("InvalidBlobIdException", "The specified blob is not valid.");
    }

    static AwsException blobIdDoesNotExist(String id) {
        return AwsException.client("BlobIdDoesNotExistException", "The specified blob " + id + " does not exist.");
    }

    static AwsException fileContentRequired() {
        return AwsException.client("FileContentRequiredException", "The file cannot be added because it is empty. "
                + "Empty files cannot be added to the repository with this API.");
    }

    static AwsException fileContentSizeLimitExceeded(long limit) {
        return AwsException.client("FileContentSizeLimitExceededException",
                "The file cannot be added because it is too large. The maximum file size is " + limit + " bytes.");
    }

    static AwsException sameFileContent(String path) {
        return AwsException.client("SameFileContentException", "The file " + path + " was not added or updated "
                + "because the content of the file is exactly the same as the content of that file in the "
                + "repository and branch that you specified.");
    }

    static AwsException invalidFileMode() {
        return AwsException.client("InvalidFileModeException",
                "The specified file mode permission is not valid. Valid values are EXECUTABLE, NORMAL and SYMLINK.");
    }

    static AwsException fileModeRequired() {
        return AwsException.client("FileModeRequiredException", "The commit cannot be created because no file mode "
                + "has been specified. A file mode is required to update mode permissions for a file.");
    }

    static AwsException fileNameConflictsWithDirectoryName(String path) {
        return AwsException.client("FileNameConflictsWithDirectoryNameException", "A file cannot be added to the "
                + "repository because the specified file name " + path + " has the same name as a directory in "
                + "this repository.");
    }

    static AwsException directoryNameConflictsWithFileName(String path) {
        return AwsException.client("DirectoryNameConflictsWithFileNameException", "A file cannot be added to the "
                + "repository because the specified path " + path + " has the same name as a file that already "
                + "exists in this repository.");
    }

    static AwsException filePathConflictsWithSubmodulePath(String path) {
        return AwsException.client("FilePathConflictsWithSubmodulePathException", "The commit cannot be created "
                + "because a specified file path " + path + " has the same name as a submodule.");
    }

    static AwsException parentCommitIdRequired() {
        return AwsException.client("ParentCommitIdRequiredException", "A parent commit ID is required. To view the "
                + "full commit ID of a branch in a repository, use GetBranch or a Git command.");
    }

    static AwsException invalidParentCommitId() {
        return AwsException.client("InvalidParentCommitIdException", "The parent commit ID is not valid. The commit "
                + "ID cannot be empty, and must match the head commit ID for the branch of the repository.");
    }

    static AwsException parentCommitDoesNotExist(String id) {
        return AwsException.client("ParentCommitDoesNotExistException",
                "The parent commit ID " + id + " is not valid because it does not exist.");
    }

    static AwsException parentCommitIdOutdated(String id) {
        return AwsException.client("ParentCommitIdOutdatedException", "The file could not be added because the "
                + "provided parent commit ID " + id + " is not the current tip of the specified branch.");
    }

    static AwsException fileEntryRequired() {
        return AwsException.client("FileEntryRequiredException",
                "The commit cannot be created because no files have been specified as added, updated, or changed "
                        + "(PutFile or DeleteFile) for the commit.");
    }

    static AwsException maximumFileEntriesExceeded(int limit) {
        return AwsException.client("MaximumFileEntriesExceededException",
                "The number of specified files to change as part of this commit exceeds the maximum of " + limit
                        + ".");
    }

    static AwsException samePathRequest(String path) {
        return AwsException.client("SamePathRequestException", "The commit cannot be created because more than one "
                + "change in this commit acts on the same file path " + path + ".");
    }

    static AwsException putFileEntryConflict(String path) {
        return AwsException.client("PutFileEntryConflictException", "The commit cannot be created because one or "
                + "more files specified in the commit reference both a file and a folder: " + path + ".");
    }

    static AwsException sourceFileOrContentRequired() {
        return AwsException.client("SourceFileOrContentRequiredException",
                "The commit cannot be created because no source files or file content have been specified.");
    }

    static AwsException fileContentAndSourceFileSpecified() {
        return AwsException.client("FileContentAndSourceFileSpecifiedException",
                "The commit cannot be created because both a source file and file content have been specified.");
    }

    static AwsException noChange() {
        return AwsException.client("NoChangeException", "The commit cannot be created because no changes will be "
                + "made to the repository as a result of this commit. A commit must contain at least one change.");
    }
}
