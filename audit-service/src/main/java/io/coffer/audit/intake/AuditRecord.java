package io.coffer.audit.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.platform.events.MalformedEventException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The indexed fields of a CloudTrail record. The repository ID comes from the KMS encryption context
 * ({@code aws:codecommit:id}), from CodeCommit's repository metadata, or from the saga step that a repository
 * creation triggered.
 */
record AuditRecord(UUID eventId, Instant eventTime, String eventSource, String eventName, String accountId,
        String region, String userName, String accessKeyId, String repositoryId, boolean readOnly, String errorCode,
        JsonNode record) {

    static final String REPOSITORY_CONTEXT_KEY = "aws:codecommit:id";

    /** @throws MalformedEventException if a field CloudTrail always has is missing or invalid */
    static AuditRecord of(JsonNode record) {
        try {
            JsonNode identity = record.path("userIdentity");
            return new AuditRecord(UUID.fromString(required(record, "eventID")),
                    Instant.parse(required(record, "eventTime")), required(record, "eventSource"),
                    required(record, "eventName"), required(record, "recipientAccountId"),
                    required(record, "awsRegion"), text(identity, "userName"), text(identity, "accessKeyId"),
                    repositoryId(record), record.path("readOnly").asBoolean(false), text(record, "errorCode"), record);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException("CloudTrail record is malformed: " + e.getMessage(), e);
        }
    }

    private static String repositoryId(JsonNode record) {
        String fromContext = text(record.path("requestParameters").path("encryptionContext"), REPOSITORY_CONTEXT_KEY);
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
