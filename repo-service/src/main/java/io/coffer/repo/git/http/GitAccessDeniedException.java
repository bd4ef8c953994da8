package io.coffer.repo.git.http;

/** A Git request that is not let in, with the HTTP status git will see and a message saying why. */
public final class GitAccessDeniedException extends RuntimeException {

    private final int status;

    private GitAccessDeniedException(int status, String message) {
        super(message);
        this.status = status;
    }

    static GitAccessDeniedException unauthenticated(String message) {
        return new GitAccessDeniedException(401, message);
    }

    static GitAccessDeniedException notFound(String message) {
        return new GitAccessDeniedException(404, message);
    }

    public int status() {
        return status;
    }
}
