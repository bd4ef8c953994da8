package io.coffer.audit.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.aws.RequestStrings;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.EncryptionContext;
import io.coffer.kernel.MalformedEventException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The indexed fields of a CloudTrail record. The repository ID comes from the KMS encryption context
 * ({@code aws:codecommit:id}), from CodeCommit's repository metadata, or from the saga step that a repository
 * creation triggered.
 */
public record AuditRecord(UUID eventId, Instant eventTime, String eventSource, String eventName, String accountId,
        String region, String userName, String accessKeyId, String repositoryId, boolean readOnly, String errorCode,
        String keyId, List<Resource> resources, String canonicalJson) {

    static final String REPOSITORY_CONTEXT_KEY = EncryptionContext.REPOSITORY_ID;
    private static final String KMS_KEY = "AWS::KMS::Key";

    /** One of CloudTrail's resources: its type (e.g. {@code AWS::KMS::Key}) and ARN. */
    public record Resource(String type, String name) {
    }

    /**
     * Reads a record as stored: its canonical JSON.
     *
     * @throws MalformedEventException if a field CloudTrail always has is missing or invalid
     */
    public static AuditRecord of(JsonNode record) {
        try {
            JsonNode identity = record.path("userIdentity");
            List<Resource> resources = resources(record);
            return new AuditRecord(UUID.fromString(required(record, "eventID")),
                    Instant.parse(required(record, "eventTime")), required(record, "eventSource"),
                    required(record, "eventName"), required(record, "recipientAccountId"),
                    required(record, "awsRegion"), text(identity, "userName"), text(identity, "accessKeyId"),
                    repositoryId(record), record.path("readOnly").asBoolean(false), text(record, "errorCode"),
                    keyId(resources), resources, CanonicalJson.write(storable(record)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException("CloudTrail record is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * The record's JSON, if the store can keep it as it is: producers make every text storable, so NUL or a lone
     * surrogate here means a record not of theirs, dead-lettered rather than let stop the intake.
     */
    private static JsonNode storable(JsonNode record) {
        try {
            RequestStrings.check(record);
            return record;
        } catch (AwsException e) {
            throw new MalformedEventException("CloudTrail record holds text the store cannot keep: " + e.getMessage(),
                    e);
        }
    }

    private static List<Resource> resources(JsonNode record) {
        List<Resource> resources = new ArrayList<>();
        for (JsonNode resource : record.path("resources")) {
            String type = text(resource, "type");
            String arn = text(resource, "ARN");
            if (type != null && arn != null && !resources.contains(new Resource(type, arn))) {
                resources.add(new Resource(type, arn));
            }
        }
        return List.copyOf(resources);
    }

    /** The KMS key a call used: the ID at the end of its key ARN. */
    private static String keyId(List<Resource> resources) {
        for (Resource resource : resources) {
            int slash = resource.name().lastIndexOf(":key/");
            if (KMS_KEY.equals(resource.type()) && slash > 0) {
                return resource.name().substring(slash + ":key/".length());
            }
        }
        return null;
    }

    private static String repositoryId(JsonNode record) {
        JsonNode request = record.path("requestParameters");
        String fromContext = text(request.path("encryptionContext"), REPOSITORY_CONTEXT_KEY);
        if (fromContext == null) {
            // ReEncrypt names a context for each of its two keys
            fromContext = text(request.path("sourceEncryptionContext"), REPOSITORY_CONTEXT_KEY);
        }
        if (fromContext != null) {
            return fromContext;
        }
        String fromMetadata = text(record.path("responseElements").path("repositoryMetadata"), "repositoryId");
        if (fromMetadata != null) {
            return fromMetadata;
        }
        return text(record.path("additionalEventData"), "repositoryId");
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isEmpty()) {
            throw new MalformedEventException("CloudTrail record lacks " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
