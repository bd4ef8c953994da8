package io.coffer.audit.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.audit.query.EventQuery;
import io.coffer.audit.query.EventQuery.Filter;
import io.coffer.audit.query.EventQuery.StoredEvent;
import io.coffer.aws.AwsTimestamps;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * CloudTrail's {@code LookupEvents}: the management events of the caller's account in the region it called, newest
 * first, filtered by at most one lookup attribute and a time range, with the errors CloudTrail gives.
 */
@ApplicationScoped
public class LookupEvents {

    private static final int MAX_ATTRIBUTE_VALUE = 2000;

    private final EventQuery query;
    private final ObjectMapper json;

    public LookupEvents(EventQuery query, ObjectMapper json) {
        this.query = query;
        this.json = json;
    }

    LookupEventsShapes.Response lookup(Caller caller, LookupEventsShapes.Request request) {
        if (request.eventCategory() != null && !"insight".equals(request.eventCategory())) {
            throw AwsException.client("InvalidEventCategoryException", "EventCategory must be insight");
        }
        Instant from = time(request.startTime(), "StartTime");
        Instant to = time(request.endTime(), "EndTime");
        if (from != null && to != null && from.isAfter(to)) {
            throw AwsException.client("InvalidTimeRangeException", "StartTime must not be after EndTime");
        }
        Filter filter = filter(new Filter(caller.accountId()).region(caller.region()), request.lookupAttributes())
                .from(from)
                .to(to);
        if (request.maxResults() != null && (request.maxResults() < 1 || request.maxResults() > EventQuery.MAX_LIMIT)) {
            throw AwsException.client("InvalidMaxResultsException",
                    "MaxResults must be between 1 and " + EventQuery.MAX_LIMIT);
        }
        if ("insight".equals(request.eventCategory())) {
            // Coffer records management events only; there are no Insights events to find
            return new LookupEventsShapes.Response(List.of(), null);
        }
        EventQuery.Page page = query.find(filter, request.maxResults(), request.nextToken());
        List<LookupEventsShapes.Event> events = new ArrayList<>(page.events().size());
        page.events().forEach(e -> events.add(event(e)));
        return new LookupEventsShapes.Response(events, page.nextToken());
    }

    private static Filter filter(Filter all, List<LookupEventsShapes.LookupAttribute> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return all;
        }
        if (attributes.size() > 1) {
            throw AwsException.client("InvalidLookupAttributesException",
                    "You cannot specify more than one lookup attribute");
        }
        LookupEventsShapes.LookupAttribute attribute = attributes.get(0);
        String key = attribute == null ? null : attribute.attributeKey();
        String value = attribute == null ? null : attribute.attributeValue();
        if (key == null || value == null || value.isEmpty() || value.length() > MAX_ATTRIBUTE_VALUE) {
            throw AwsException.client("InvalidLookupAttributesException",
                    "A lookup attribute needs an AttributeKey and an AttributeValue of 1 to 2000 characters");
        }
        switch (key) {
            case "EventId":
                return all.eventId(eventId(value));
            case "EventName":
                return all.eventName(value);
            case "ReadOnly":
                if (!"true".equals(value) && !"false".equals(value)) {
                    throw AwsException.client("InvalidLookupAttributesException",
                            "The ReadOnly attribute value must be true or false");
                }
                return all.readOnly(Boolean.valueOf(value));
            case "Username":
                return all.userName(value);
            case "ResourceType":
                return all.resourceType(value);
            case "ResourceName":
                return all.resourceName(value);
            case "EventSource":
                return all.eventSource(value);
            case "AccessKeyId":
                return all.accessKeyId(value);
            default:
                throw AwsException.client("InvalidLookupAttributesException",
                        "AttributeKey must be one of EventId, EventName, ReadOnly, Username, ResourceType, "
                                + "ResourceName, EventSource, AccessKeyId");
        }
    }

    /** An event ID that is not a UUID names no stored event: it matches nothing rather than failing. */
    private static UUID eventId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }

    private static Instant time(BigDecimal epochSeconds, String member) {
        if (epochSeconds == null) {
            return null;
        }
        try {
            return AwsTimestamps.instant(epochSeconds);
        } catch (ArithmeticException | DateTimeException e) {
            throw AwsException.client("InvalidTimeRangeException", member + " is outside the range of valid times");
        }
    }

    private LookupEventsShapes.Event event(StoredEvent stored) {
        JsonNode record;
        try {
            record = json.readTree(stored.record());
        } catch (IOException e) {
            throw new UncheckedIOException("stored record " + stored.position() + " is not JSON", e);
        }
        List<LookupEventsShapes.Resource> resources = new ArrayList<>();
        for (JsonNode resource : record.path("resources")) {
            resources.add(new LookupEventsShapes.Resource(resource.path("type").asText(null),
                    resource.path("ARN").asText(null)));
        }
        JsonNode identity = record.path("userIdentity");
        return new LookupEventsShapes.Event(record.path("eventID").asText(), record.path("eventName").asText(),
                Boolean.toString(record.path("readOnly").asBoolean()), identity.path("accessKeyId").asText(null),
                AwsTimestamps.epochSeconds(stored.eventTime()), record.path("eventSource").asText(),
                identity.path("userName").asText(null), resources, stored.record());
    }
}
