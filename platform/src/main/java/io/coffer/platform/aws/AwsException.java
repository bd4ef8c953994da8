package io.coffer.platform.aws;

/**
 * An error the caller sees in AWS's JSON shape: {@code {"__type": errorType, "message": message}} with an HTTP
 * status. Services subclass it or create it with their API's documented error names.
 */
public class AwsException extends RuntimeException {

    private final String errorType;
    private final int status;
    private String requestId;

    public AwsException(String errorType, int status, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.status = status;
    }

    public String errorType() {
        return errorType;
    }

    public int status() {
        return status;
    }

    /** The ID of the request that failed, once it is known (authenticated requests have one). */
    public String requestId() {
        return requestId;
    }

    public AwsException requestId(String id) {
        this.requestId = id;
        return this;
    }

    /** A 400 error, the status AWS JSON APIs use for client errors. */
    public static AwsException client(String errorType, String message) {
        return new AwsException(errorType, 400, message);
    }
}
