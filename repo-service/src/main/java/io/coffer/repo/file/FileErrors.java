package io.coffer.repo.file;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors of GetFile, GetFolder and GetBlob. */
final class FileErrors {

    private FileErrors() {
    }

    static AwsException pathRequired() {
        return AwsException.client("PathRequiredException", "The folderPath for a location cannot be null.");
    }

    static AwsException invalidPath() {
        return AwsException.client("InvalidPathException", "The specified path is not valid.");
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

    static AwsException commitDoesNotExist(String specifier) {
        return AwsException.client("CommitDoesNotExistException",
                "The specified commit " + specifier + " does not exist or no longer exists.");
    }

    static AwsException invalidCommit() {
        return AwsException.client("InvalidCommitException", "The specified commit is not valid.");
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
}
