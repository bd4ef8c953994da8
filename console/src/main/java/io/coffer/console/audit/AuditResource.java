package io.coffer.console.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.console.aws.InvalidInputException;
import io.coffer.console.session.CurrentSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * The audit trail: CloudTrail event history (LookupEvents with its filters and a time range), one event's record,
 * a repository's events and key usage, the hash chain's verification, and KMS calls over time by operation.
 */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditResource {

    static final List<String> ATTRIBUTES = List.of("EventName", "EventSource", "Username", "ResourceName",
            "ResourceType", "ReadOnly", "AccessKeyId", "EventId");
    /** The chart reads at most this many pages of 50 events. */
    static final int CHART_PAGES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPOSITORY_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");

    private final CurrentSession session;
    private final Template history;
    private final Template event;
    private final Template repository;
    private final Template integrity;
    private final Template chart;

    public AuditResource(CurrentSession session, @Location("audit/history.html") Template history,
            @Location("audit/event.html") Template event, @Location("audit/repository.html") Template repository,
            @Location("audit/integrity.html") Template integrity, @Location("audit/chart.html") Template chart) {
        this.session = session;
        this.history = history;
        this.event = event;
        this.repository = repository;
        this.integrity = integrity;
        this.chart = chart;
    }

    @GET
    public String history(@QueryParam("attribute") String attribute, @QueryParam("value") String value,
            @QueryParam("start") String start, @QueryParam("end") String end, @QueryParam("next") String next) {
        String key = attribute == null || attribute.isBlank() ? "EventName" : attribute;
        if (!ATTRIBUTES.contains(key)) {
            throw new InvalidInputException("Filter by one of " + ATTRIBUTES + ".");
        }
        String filter = value == null ? "" : value.strip();
        Instant from = time(start, "start");
        Instant to = time(end, "end");
        LookupEventsResponse page = cloudTrail().lookupEvents(r -> r
                .lookupAttributes(filter.isEmpty() ? List.of()
                        : List.of(LookupAttribute.builder().attributeKey(key).attributeValue(filter).build()))
                .startTime(from).endTime(to).maxResults(50)
                .nextToken(next == null || next.isBlank() ? null : next));
        String query = "attribute=" + url(key) + "&value=" + url(filter) + "&start=" + url(start) + "&end="
                + url(end);
        return history.data("attributes", ATTRIBUTES).data("attribute", key).data("value", filter)
                .data("start", start == null ? "" : start).data("end", end == null ? "" : end)
                .data("events", page.events().stream().map(AuditResource::row).toList())
                .data("next", page.nextToken() == null ? null : query + "&next=" + url(page.nextToken())).render();
    }

    @GET
    @Path("events/{eventId}")
    public String event(@PathParam("eventId") String eventId) {
        List<Event> found = cloudTrail().lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey("EventId")
                .attributeValue(eventId))).events();
        if (found.isEmpty()) {
            throw new InvalidInputException("No event " + eventId + " in " + session.getRegion()
                    + " (LookupEvents reads the region you signed in to).");
        }
        return event.data("event", row(found.get(0))).data("json", pretty(found.get(0).cloudTrailEvent())).render();
    }

    /** The event history page's form names a repository ID; its events have a page of their own. */
    @GET
    @Path("repositories")
    public Response repositoryForm(@QueryParam("repositoryId") String repositoryId) {
        String id = InvalidInputException.required(repositoryId, "repository ID");
        if (!REPOSITORY_ID.matcher(id).matches()) {
            throw new InvalidInputException("Not a repository ID: " + id);
        }
        return Response.seeOther(URI.create("/audit/repositories/" + id)).build();
    }

    @GET
    @Path("repositories/{repositoryId}")
    public String repository(@PathParam("repositoryId") String repositoryId, @QueryParam("next") String next) {
        if (!REPOSITORY_ID.matcher(repositoryId).matches()) {
            throw new InvalidInputException("Not a repository ID: " + repositoryId);
        }
        URI audit = session.clients().auditService();
        JsonNode page = session.clients().signed().getJson(audit.resolve("/v1/events?repositoryId=" + repositoryId
                + (next == null || next.isBlank() ? "" : "&nextToken=" + url(next))), "cloudtrail");
        List<EventRow> events = new ArrayList<>();
        page.path("events").forEach(e -> events.add(new EventRow(e.path("eventId").asText(),
                instant(e.path("eventTime").asText()), e.path("eventName").asText(), e.path("eventSource").asText(),
                userName(e.path("userIdentity")), "",
                e.hasNonNull("errorCode") ? e.get("errorCode").asText() : null)));
        JsonNode usage = session.clients().signed().getJson(audit.resolve("/v1/repositories/" + repositoryId
                + "/key-usage"), "cloudtrail");
        List<String> keyUsage = new ArrayList<>();
        usage.path("keys").forEach(k -> keyUsage.add(k.path("keyArn").asText() + ": "
                + stream(k.path("operations")).map(o -> o.path("eventName").asText() + " × "
                        + o.path("count").asInt() + (o.path("failed").asInt() > 0
                                ? " (" + o.path("failed").asInt() + " failed)" : ""))
                        .collect(Collectors.joining(", "))));
        return repository.data("repositoryId", repositoryId).data("events", events).data("keyUsage", keyUsage)
                .data("next", page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null).render();
    }

    @GET
    @Path("integrity")
    public String integrity() {
        JsonNode report = session.clients().signed().getJson(
                session.clients().auditService().resolve("/v1/integrity/verify"), "cloudtrail");
        return integrity.data("valid", report.path("valid").asBoolean(false))
                .data("checkedRecords", report.path("checkedRecords").asLong())
                .data("checkedDigests", report.path("checkedDigests").asLong())
                .data("lastHash", report.path("lastHash").asText(""))
                .data("brokenLink", report.hasNonNull("brokenLink") ? report.get("brokenLink").toString() : null)
                .data("json", pretty(report.toString())).render();
    }

    @GET
    @Path("chart")
    public String chart(@QueryParam("hours") Integer hours) {
        int span = hours == null ? 24 : hours;
        if (span < 1 || span > 24 * 7) {
            throw new InvalidInputException("Chart 1 to 168 hours.");
        }
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant from = to.minus(Duration.ofHours(span));
        List<CallChart.Call> calls = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String pageToken = token;
            LookupEventsResponse page = cloudTrail().lookupEvents(r -> r.lookupAttributes(a -> a
                    .attributeKey("EventSource").attributeValue("kms.amazonaws.com")).startTime(from).endTime(to)
                    .maxResults(50).nextToken(pageToken));
            page.events().forEach(e -> calls.add(new CallChart.Call(e.eventTime(), e.eventName())));
            token = page.nextToken();
        } while (token != null && ++pages < CHART_PAGES);
        return chart.data("chart", CallChart.of(calls, from, to, 24)).data("hours", span)
                .data("choices", List.of(1, 6, 24, 72, 168)).data("from", from)
                .data("to", to).data("calls", calls.size()).data("truncated", token != null).render();
    }

    private CloudTrailClient cloudTrail() {
        return session.clients().cloudTrail();
    }

    private static EventRow row(Event e) {
        String error = null;
        try {
            JsonNode record = JSON.readTree(e.cloudTrailEvent());
            error = record.hasNonNull("errorCode") ? record.get("errorCode").asText() : null;
        } catch (JsonProcessingException | IllegalArgumentException ignored) {
            // a record that is not JSON still lists; its page shows it as it is
        }
        String resources = e.resources().stream().map(r -> r.resourceName()).collect(Collectors.joining(" "));
        return new EventRow(e.eventId(), e.eventTime(), e.eventName(), e.eventSource(), e.username(), resources,
                error);
    }

    private static String userName(JsonNode identity) {
        return identity.hasNonNull("userName") ? identity.get("userName").asText() : identity.path("arn").asText("");
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    /** A datetime-local form value, read as UTC; empty means no bound. */
    private static Instant time(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("The " + what + " time is not a date and time: " + value);
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String pretty(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static String url(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
