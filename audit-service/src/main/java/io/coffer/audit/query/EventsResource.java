package io.coffer.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.audit.keys.KeyNames;
import io.coffer.aws.RequestStrings;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/events}: the audit trail of the caller's account, newest first, filtered by any combination of
 * repository ID, key (ID, ARN or alias), event name and source, user, access key, error code, read-only and time
 * range; SigV4-signed with the {@code cloudtrail} signing name. Unknown parameters are refused rather than
 * ignored, so a misspelt filter never silently widens the answer.
 */
@Path("/v1/events")
public class EventsResource {

    private static final Set<String> PARAMETERS = Set.of("repositoryId", "keyId", "eventName", "eventSource",
            "userName", "accessKeyId", "errorCode", "readOnly", "region", "startTime", "endTime", "limit", "nextToken");

    private final AuditReaders readers;
    private final EventQuery query;
    private final KeyNames keyNames;
    private final ObjectMapper json;

    public EventsResource(AuditReaders readers, EventQuery query, KeyNames keyNames, ObjectMapper json) {
        this.readers = readers;
        this.query = query;
        this.keyNames = keyNames;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode events(@Context HttpServerRequest http, @Context UriInfo uri) {
        Caller caller = readers.reader(http);
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        for (String name : params.keySet()) {
            RequestStrings.checkText(name, "a parameter name");
            for (String value : params.get(name)) {
                RequestStrings.checkText(value, name);
            }
            if (!PARAMETERS.contains(name) && !name.startsWith("X-Amz-")) {
                throw AwsException.client("ValidationException", "Unknown parameter " + name);
            }
        }
        Instant from = TimeParameter.parse(params.getFirst("startTime"), "startTime");
        Instant to = TimeParameter.parse(params.getFirst("endTime"), "endTime");
        if (from != null && to != null && from.isAfter(to)) {
            throw AwsException.client("InvalidTimeRangeException", "startTime must not be after endTime");
        }
        EventQuery.Filter filter = new EventQuery.Filter(caller.accountId())
                .region(params.getFirst("region"))
                .repositoryId(params.getFirst("repositoryId"))
                .eventName(params.getFirst("eventName"))
                .eventSource(params.getFirst("eventSource"))
                .userName(params.getFirst("userName"))
                .accessKeyId(params.getFirst("accessKeyId"))
                .errorCode(params.getFirst("errorCode"))
                .readOnly(readOnly(params.getFirst("readOnly")))
                .from(from)
                .to(to);
        String key = params.getFirst("keyId");
        if (key != null && !key.isEmpty()) {
            String keyId = keyNames.keyId(key, caller.accountId(), caller.region());
            if (keyId == null) {
                // an alias that points at no key: nothing used it
                return render(new EventQuery.Page(List.of(), null));
            }
            filter.keyId(keyId);
        }
        return render(query.find(filter, limit(params.getFirst("limit")), params.getFirst("nextToken")));
    }

    private ObjectNode render(EventQuery.Page page) {
        ObjectNode body = json.createObjectNode();
        ArrayNode events = body.putArray("events");
        page.events().forEach(e -> events.add(item(e)));
        if (page.nextToken() != null) {
            body.put("nextToken", page.nextToken());
        }
        return body;
    }

    private ObjectNode item(EventQuery.StoredEvent stored) {
        JsonNode record;
        try {
            record = json.readTree(stored.record());
        } catch (IOException e) {
            throw new UncheckedIOException("stored record " + stored.position() + " is not JSON", e);
        }
        ObjectNode item = json.createObjectNode();
        item.put("eventId", record.path("eventID").asText());
        item.put("eventTime", record.path("eventTime").asText());
        item.put("eventSource", record.path("eventSource").asText());
        item.put("eventName", record.path("eventName").asText());
        item.put("accountId", record.path("recipientAccountId").asText());
        item.put("region", record.path("awsRegion").asText());
        item.set("userIdentity", record.path("userIdentity"));
        item.put("repositoryId", stored.repositoryId());
        item.put("readOnly", record.path("readOnly").asBoolean());
        if (record.hasNonNull("errorCode")) {
            item.put("errorCode", record.path("errorCode").asText());
        }
        item.set("cloudTrailEvent", record);
        return item;
    }

    private static Boolean readOnly(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!"true".equals(value) && !"false".equals(value)) {
            throw AwsException.client("ValidationException", "readOnly must be true or false");
        }
        return Boolean.valueOf(value);
    }

    private static Integer limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(limit);
        } catch (NumberFormatException e) {
            throw AwsException.client("InvalidMaxResultsException", "limit must be a number between 1 and 50");
        }
    }
}
