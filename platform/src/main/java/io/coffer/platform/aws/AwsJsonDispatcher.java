package io.coffer.platform.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.coffer.platform.auth.Caller;
import io.coffer.platform.auth.RequestAuthenticator;
import io.coffer.platform.cloudtrail.AuditTrail;
import io.coffer.platform.cloudtrail.CloudTrailRecord;
import io.coffer.platform.events.UuidV7;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * Serves an AWS JSON 1.1 API: authenticates the request (SigV4), routes {@code X-Amz-Target} to the operation,
 * binds the body, runs the handler in a transaction together with its CloudTrail record, and answers in AWS's shape.
 * A failed call is recorded too, in a transaction of its own.
 */
@ApplicationScoped
public class AwsJsonDispatcher {

    private final RequestAuthenticator authenticator;
    private final ObjectMapper json;
    private final AuditTrail auditTrail;

    public AwsJsonDispatcher(RequestAuthenticator authenticator, ObjectMapper json, AuditTrail auditTrail) {
        this.authenticator = authenticator;
        this.json = json;
        this.auditTrail = auditTrail;
    }

    public Response dispatch(AwsJsonApi api, HttpServerRequest http, String target, byte[] body) {
        Caller caller = authenticator.authenticate(http, body, api.signingNames());
        String prefix = api.targetPrefix() + ".";
        AwsOperation<?, ?> operation = target != null && target.startsWith(prefix)
                ? api.operations().get(target.substring(prefix.length()))
                : null;
        if (operation == null) {
            throw AwsException.client("UnknownOperationException",
                    target == null ? "Missing X-Amz-Target header" : "Unknown operation " + target);
        }
        JsonNode request = parse(body);
        Object response = invoke(api, operation, caller, request);
        return Response.ok(json.valueToTree(response).toString(), AwsErrorResponses.AWS_JSON_1_1)
                .header("x-amzn-RequestId", caller.requestId())
                .build();
    }

    private <I, O> Object invoke(AwsJsonApi api, AwsOperation<I, O> operation, Caller caller, JsonNode request) {
        I input = bind(request, operation.input());
        O output;
        try {
            output = QuarkusTransaction.requiringNew().call(() -> {
                O out = operation.handler().apply(caller, input);
                CloudTrailRecord record = record(api, operation, caller, request);
                if (operation.recordResponse()) {
                    record.responseElements(json.valueToTree(out));
                }
                auditTrail.record(record, caller.actor(), caller.region(), caller.requestId());
                return out;
            });
        } catch (AwsException e) {
            QuarkusTransaction.requiringNew().run(() -> auditTrail.record(
                    record(api, operation, caller, request).error(e.errorType(), e.getMessage()), caller.actor(),
                    caller.region(), caller.requestId()));
            throw e;
        }
        return operation.afterCommit().apply(caller, output);
    }

    private CloudTrailRecord record(AwsJsonApi api, AwsOperation<?, ?> operation, Caller caller, JsonNode request) {
        return CloudTrailRecord.apiCall(UuidV7.next(), Instant.now(), caller.actor(), caller.region(),
                api.eventSource(), operation.name(), operation.readOnly())
                .requestId(caller.requestId())
                .requestParameters(request);
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node instanceof NullNode) {
                return json.createObjectNode();
            }
            if (!node.isObject()) {
                throw AwsException.client("SerializationException", "Request body must be a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw AwsException.client("SerializationException", "Request body is not valid JSON");
        }
    }

    private <I> I bind(JsonNode request, Class<I> type) {
        try {
            return json.treeToValue(request, type);
        } catch (Exception e) {
            throw AwsException.client("SerializationException",
                    "Request body does not match " + type.getSimpleName() + ": a field has the wrong type");
        }
    }
}
