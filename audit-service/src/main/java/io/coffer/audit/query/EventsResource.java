package io.coffer.audit.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.platform.auth.Caller;
import io.coffer.platform.auth.RequestAuthenticator;
import io.coffer.platform.aws.AwsException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/**
 * {@code GET /v1/events}: the audit trail of the caller's account, newest first, filtered by repository ID and
 * more; SigV4-signed with the {@code cloudtrail} signing name.
 */
@Path("/v1/events")
public class EventsResource {

    private final RequestAuthenticator authenticator;
    private final EventQuery query;

    public EventsResource(RequestAuthenticator authenticator, EventQuery query) {
        this.authenticator = authenticator;
        this.query = query;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode events(@Context HttpServerRequest http, @QueryParam("repositoryId") String repositoryId,
            @QueryParam("eventName") String eventName, @QueryParam("eventSource") String eventSource,
            @QueryParam("limit") String limit, @QueryParam("nextToken") String nextToken) {
        Caller caller = authenticator.authenticate(http, new byte[0], Set.of("cloudtrail"));
        return query.find(new EventQuery.Filter(caller.accountId(), repositoryId, eventName, eventSource),
                parseLimit(limit), nextToken);
    }

    private static Integer parseLimit(String limit) {
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
