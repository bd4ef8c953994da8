package io.coffer.audit.lookup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** The request and response shapes of CloudTrail's LookupEvents, member names as on the wire. */
final class LookupEventsShapes {

    private LookupEventsShapes() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record Request(List<LookupAttribute> lookupAttributes, BigDecimal startTime, BigDecimal endTime,
            String eventCategory, Integer maxResults, String nextToken) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record LookupAttribute(String attributeKey, String attributeValue) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Response(List<Event> events, String nextToken) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(String eventId, String eventName, String readOnly, String accessKeyId, BigDecimal eventTime,
            String eventSource, String username, List<Resource> resources, String cloudTrailEvent) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record Resource(String resourceType, String resourceName) {
    }
}
