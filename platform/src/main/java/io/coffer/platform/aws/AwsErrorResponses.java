package io.coffer.platform.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;

/** Renders errors as AWS JSON protocol responses. */
public final class AwsErrorResponses {

    public static final String AWS_JSON_1_1 = "application/x-amz-json-1.1";

    private AwsErrorResponses() {
    }

    public static Response of(String errorType, int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", errorType);
        body.put("message", message);
        return Response.status(status)
                .type(AWS_JSON_1_1)
                .header("x-amzn-ErrorType", errorType)
                .entity(body.toString())
                .build();
    }

    public static Response of(AwsException e) {
        return of(e.errorType(), e.status(), e.getMessage());
    }
}
