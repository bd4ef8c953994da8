package io.coffer.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.kernel.AwsException;
import jakarta.ws.rs.core.Response;

/** Renders errors as AWS JSON protocol responses. */
public final class AwsErrorResponses {

    public static final String AWS_JSON_1_1 = "application/x-amz-json-1.1";

    private AwsErrorResponses() {
    }

    public static Response of(String errorType, int status, String message) {
        return error(errorType, status, message).build();
    }

    private static Response.ResponseBuilder error(String errorType, int status, String message) {
        return Response.status(status)
                .type(AWS_JSON_1_1)
                .header("x-amzn-ErrorType", errorType)
                .entity(body(errorType, message));
    }

    /**
     * The error's JSON: {@code {"__type": ..., "message": ...}}, or only the type when the message is empty, as AWS
     * sends KMS's InvalidCiphertextException (SDKs then show an empty message; suites recorded against AWS compare).
     */
    public static String body(String errorType, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", errorType);
        if (message != null && !message.isEmpty()) {
            body.put("message", message);
        }
        return body.toString();
    }

    /** The error, with the request ID AWS puts on every response once the request has one. */
    public static Response of(AwsException e) {
        Response.ResponseBuilder error = error(e.errorType(), e.status(), e.getMessage());
        if (e.requestId() != null) {
            error.header("x-amzn-RequestId", e.requestId());
        }
        return error.build();
    }
}
