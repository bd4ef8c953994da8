package io.coffer.aws.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.kernel.Actor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a CloudTrail record (event version 1.08) as CloudTrail writes it to its log files. The record's
 * {@code eventID} is also the ID of the envelope it travels in, so consumers dedupe on it.
 */
public final class CloudTrailRecord {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectNode record = JSON.objectNode();
    private final ArrayNode resources = JSON.arrayNode();
    private final UUID eventId;

    private CloudTrailRecord(UUID eventId) {
        this.eventId = eventId;
    }

    /** A call to an API by {@code actor} (eventType {@code AwsApiCall}). */
    public static CloudTrailRecord apiCall(UUID eventId, Instant time, Actor actor, String region, String eventSource,
            String eventName, boolean readOnly) {
        CloudTrailRecord r = new CloudTrailRecord(eventId);
        r.record.put("eventVersion", "1.08");
        r.record.set("userIdentity", userIdentity(actor));
        r.record.put("eventTime", time.truncatedTo(ChronoUnit.SECONDS).toString());
        r.record.put("eventSource", eventSource);
        r.record.put("eventName", eventName);
        r.record.put("awsRegion", region);
        r.record.put("sourceIPAddress", r.text(actor.invokedBy() != null ? actor.invokedBy() : actor.sourceIp()));
        r.record.put("userAgent", r.text(actor.invokedBy() != null ? actor.invokedBy() : actor.userAgent()));
        r.record.putNull("requestParameters");
        r.record.putNull("responseElements");
        r.record.put("eventID", eventId.toString());
        r.record.put("readOnly", readOnly);
        r.record.put("eventType", "AwsApiCall");
        r.record.put("managementEvent", true);
        r.record.put("recipientAccountId", actor.accountId());
        r.record.put("eventCategory", "Management");
        return r;
    }

    public CloudTrailRecord requestId(String requestId) {
        record.put("requestID", requestId);
        return this;
    }

    /** What the caller sent, cut to CloudTrail's limit if need be; {@code null} when the body could not be read. */
    public CloudTrailRecord requestParameters(JsonNode parameters) {
        return bounded("requestParameters", parameters, FieldLimits.STRUCTURE_BYTES);
    }

    public CloudTrailRecord responseElements(JsonNode elements) {
        return bounded("responseElements", elements, FieldLimits.STRUCTURE_BYTES);
    }

    public CloudTrailRecord additionalEventData(JsonNode data) {
        return bounded("additionalEventData", data, FieldLimits.ADDITIONAL_BYTES);
    }

    public CloudTrailRecord error(String errorCode, String errorMessage) {
        record.put("errorCode", errorCode);
        record.put("errorMessage", text(errorMessage));
        return this;
    }

    private CloudTrailRecord bounded(String field, JsonNode value, int maxBytes) {
        FieldLimits.Bounded bounded = FieldLimits.structure(value, maxBytes);
        record.set(field, bounded.value());
        if (bounded.omitted()) {
            record.put("omitted", true);
        }
        return this;
    }

    /** Storable text within CloudTrail's limit; a cut marks the record {@code "omitted": true}. */
    private String text(String text) {
        if (FieldLimits.cut(text)) {
            record.put("omitted", true);
        }
        return FieldLimits.text(text);
    }

    public CloudTrailRecord resource(String arn, String type) {
        for (JsonNode listed : resources) {
            if (listed.path("ARN").asText().equals(arn)) {
                return this;
            }
        }
        ObjectNode resource = resources.addObject();
        resource.put("accountId", record.path("recipientAccountId").asText());
        resource.put("type", type);
        resource.put("ARN", arn);
        return this;
    }

    public UUID eventId() {
        return eventId;
    }

    /** The ARNs of the resources the record names. */
    public List<String> resourceArns() {
        List<String> arns = new ArrayList<>();
        resources.forEach(r -> arns.add(r.path("ARN").asText()));
        return arns;
    }

    public ObjectNode toJson() {
        ObjectNode copy = record.deepCopy();
        if (!resources.isEmpty()) {
            copy.set("resources", resources.deepCopy());
        }
        return copy;
    }

    /**
     * A stable IAM-style unique ID for a principal ({@code AIDA} and 17 characters), derived from its ARN until the
     * identity issue gives users stored IDs.
     */
    static String principalId(String arn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(arn.getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder id = new StringBuilder("AIDA");
            for (int i = 0; i < 17; i++) {
                id.append(alphabet.charAt((digest[i] & 0xFF) % 32));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static ObjectNode userIdentity(Actor actor) {
        ObjectNode identity = JSON.objectNode();
        identity.put("type", actor.type());
        if (actor.arn() != null) {
            identity.put("principalId", principalId(actor.arn()));
        }
        identity.put("arn", actor.arn());
        identity.put("accountId", actor.accountId());
        identity.put("accessKeyId", actor.accessKeyId());
        identity.put("userName", actor.userName());
        if (actor.invokedBy() != null) {
            identity.put("invokedBy", actor.invokedBy());
        }
        return identity;
    }
}
