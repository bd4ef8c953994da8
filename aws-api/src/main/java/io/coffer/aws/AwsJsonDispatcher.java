package io.coffer.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.coffer.aws.auth.RequestAuthenticator;
import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.aws.cloudtrail.AuditUnavailableException;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.UuidV7;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Serves an AWS JSON 1.1 API: authenticates the request (SigV4), routes {@code X-Amz-Target} to the operation,
 * binds the body, runs the handler, and answers in AWS's shape only once the call's CloudTrail record (success or
 * failure) is in Kafka. A handler that changes state runs in a transaction with its record.
 */
@ApplicationScoped
public class AwsJsonDispatcher {

    private static final Logger LOG = Logger.getLogger(AwsJsonDispatcher.class);

    private final RequestAuthenticator authenticator;
    private final ObjectMapper json;
    private final AuditTrail auditTrail;

    public AwsJsonDispatcher(RequestAuthenticator authenticator, ObjectMapper json, AuditTrail auditTrail) {
        this.authenticator = authenticator;
        this.json = strict(json);
        this.auditTrail = auditTrail;
    }

    /**
     * Binding as AWS's services bind: a JSON value of one type is never read as another ({@code 5} is not the
     * string {@code "5"}, nor {@code "5"} the number), so the caller learns of the mistake instead of a guess.
     */
    private static ObjectMapper strict(ObjectMapper quarkus) {
        ObjectMapper strict = quarkus.copy();
        strict.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            strict.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return strict;
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
        Object response;
        try {
            response = invoke(api, operation, caller, body);
        } catch (AwsException e) {
            throw e.requestId(caller.requestId());
        }
        // operations without output answer with an empty object, as AWS does
        return Response.ok(response == null ? "{}" : render(response), AwsErrorResponses.AWS_JSON_1_1)
                .header("x-amzn-RequestId", caller.requestId())
                .build();
    }

    /** Runs an authenticated call; from here on every outcome, a body that cannot be read too, is audited. */
    private <I, O> Object invoke(AwsJsonApi api, AwsOperation<I, O> operation, Caller caller, byte[] body) {
        O output;
        JsonNode request = null;
        boolean checked = false;
        try {
            request = parse(body);
            RequestStrings.check(request);
            checked = true;
            api.authorize(caller, operation.name(), request);
            I input = bind(request, operation);
            if (operation.changesState()) {
                CloudTrailRecord[] record = new CloudTrailRecord[1];
                JsonNode bound = request;
                output = QuarkusTransaction.requiringNew().call(() -> {
                    O out = operation.handler().apply(caller, input);
                    record[0] = succeeded(api, operation, caller, bound, out);
                    auditTrail.record(record[0], caller.actor(), caller.region(), caller.requestId());
                    return out;
                });
                awaitPublished(operation, record[0]);
            } else {
                output = operation.handler().apply(caller, input);
                CloudTrailRecord record = succeeded(api, operation, caller, request, output);
                auditTrail.publish(record, caller.actor(), caller.region(), caller.requestId());
                try {
                    api.recorded(caller, operation.name(), record);
                } catch (RuntimeException e) {
                    // the call succeeded and is on the trail; what the API notes of it must not undo that
                    LOG.warnf("%s could not note %s %s: %s", api.eventSource(), operation.name(), record.eventId(),
                            e.toString());
                }
            }
        } catch (AuditUnavailableException e) {
            throw unaudited(api, operation, e);
        } catch (RuntimeException e) {
            AwsException failure = e instanceof AwsException aws ? aws : api.failure(e);
            if (failure == null) {
                failure = AwsExceptionMappers.internalFailure(api.internalErrorType(), e);
            }
            try {
                CloudTrailRecord failed = record(api, operation, caller, request)
                        .error(failure.errorType(), failure.getMessage());
                // the resources the request named (once its strings are known sound), and those the handler
                // found (the key of a ciphertext), so a refused use of a key is found by the key
                if (checked) {
                    api.resources(caller, operation.name(), request, json.createObjectNode())
                            .forEach(r -> failed.resource(r.arn(), r.type()));
                }
                failure.resources().forEach(r -> failed.resource(r.arn(), r.type()));
                auditTrail.publish(failed, caller.actor(), caller.region(), caller.requestId());
            } catch (AuditUnavailableException unaudited) {
                throw unaudited(api, operation, unaudited);
            }
            throw failure;
        }
        return operation.afterCommit().apply(caller, output);
    }

    /**
     * Waits for a committed change's record to reach Kafka, so a search of the trail right after the answer finds
     * it. The record committed with the change, in the outbox: if Kafka is slow the change is answered anyway (a
     * 500 would be false, and a retry would repeat a write that happened) and the relay publishes the record later.
     */
    private void awaitPublished(AwsOperation<?, ?> operation, CloudTrailRecord record) {
        try {
            auditTrail.awaitPublished(record);
        } catch (AuditUnavailableException e) {
            LOG.warnf("%s committed; its audit record is in the outbox, not yet in Kafka: %s", operation.name(),
                    e.getMessage());
        }
    }

    private static AwsException unaudited(AwsJsonApi api, AwsOperation<?, ?> operation, AuditUnavailableException e) {
        LOG.errorf("Refusing %s: %s", operation.name(), e.getMessage());
        return new AwsException(api.internalErrorType(), 500, "The request could not be audited; it was refused");
    }

    private CloudTrailRecord succeeded(AwsJsonApi api, AwsOperation<?, ?> operation, Caller caller, JsonNode request,
            Object output) {
        CloudTrailRecord record = record(api, operation, caller, request);
        JsonNode response = output == null ? json.createObjectNode() : json.valueToTree(output);
        if (operation.recordResponse() && output != null) {
            record.responseElements(api.responseElements(operation.name(), response));
        }
        api.resources(caller, operation.name(), request, response).forEach(r -> record.resource(r.arn(), r.type()));
        JsonNode additional = api.additionalEventData(caller, operation.name(), request, response);
        if (additional != null) {
            record.additionalEventData(additional);
        }
        return record;
    }

    private CloudTrailRecord record(AwsJsonApi api, AwsOperation<?, ?> operation, Caller caller, JsonNode request) {
        return CloudTrailRecord.apiCall(UuidV7.next(), Instant.now(), caller.actor(), caller.region(),
                api.eventSource(), operation.name(), operation.readOnly())
                .requestId(caller.requestId())
                .requestParameters(request == null ? null : api.requestParameters(operation.name(), request));
    }

    private String render(Object response) {
        try {
            return json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response " + response.getClass().getSimpleName() + " cannot be rendered", e);
        }
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
        } catch (IOException e) {
            throw AwsException.client("SerializationException", "Request body is not valid JSON");
        }
    }

    private <I> I bind(JsonNode request, AwsOperation<I, ?> operation) {
        try {
            return json.treeToValue(request, operation.input());
        } catch (Exception e) {
            String member = e instanceof JsonMappingException mapping ? member(mapping.getPath()) : "";
            throw AwsException.client("SerializationException", "Request body does not match the "
                    + operation.name() + " request: " + (member.isEmpty() ? "a member" : member)
                    + " has the wrong type");
        }
    }

    /** The request member a binding failed at, as {@code LookupAttributes[0].AttributeKey}. */
    private static String member(List<JsonMappingException.Reference> path) {
        StringBuilder member = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                member.append(member.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                member.append('[').append(step.getIndex()).append(']');
            }
        }
        return member.toString();
    }
}
