package io.coffer.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * An error the caller sees in AWS's JSON shape: {@code {"__type": errorType, "message": message}} with an HTTP
 * status. Services subclass it or create it with their API's documented error names.
 */
public class AwsException extends RuntimeException {

    private final String errorType;
    private final int status;
    private String requestId;
    private final List<CloudTrailResource> resources = new ArrayList<>(1);

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

    /** The resources the failed call was found to act on (a ciphertext's key, say), for its CloudTrail record. */
    public List<CloudTrailResource> resources() {
        return List.copyOf(resources);
    }

    /** Names a resource the failed call acted on, as CloudTrail lists it: ARN and type. */
    public AwsException resource(String arn, String type) {
        if (resources.stream().noneMatch(r -> r.arn().equals(arn))) {
            resources.add(new CloudTrailResource(arn, type));
        }
        return this;
    }

    /** A 400 error, the status AWS JSON APIs use for client errors. */
    public static AwsException client(String errorType, String message) {
        return new AwsException(errorType, 400, message);
    }
}
