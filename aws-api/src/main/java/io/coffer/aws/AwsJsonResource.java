package io.coffer.aws;

import io.coffer.aws.sts.CallerIdentity;
import io.coffer.kernel.AwsException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>}, for the service's one {@link AwsJsonApi}; a
 * Query-protocol request there is STS's {@link CallerIdentity}.
 */
@Path("/")
public class AwsJsonResource {

    private final AwsJsonDispatcher dispatcher;
    private final Instance<AwsJsonApi> api;
    private final CallerIdentity callerIdentity;

    public AwsJsonResource(AwsJsonDispatcher dispatcher, Instance<AwsJsonApi> api, CallerIdentity callerIdentity) {
        this.dispatcher = dispatcher;
        this.api = api;
        this.callerIdentity = callerIdentity;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response invoke(@HeaderParam("X-Amz-Target") String target, @Context HttpServerRequest http, byte[] body) {
        if (CallerIdentity.isQuery(http, target)) {
            return callerIdentity.answer(http, body);
        }
        if (!api.isResolvable()) {
            throw AwsException.client("UnknownOperationException", "This service has no AWS JSON API");
        }
        return dispatcher.dispatch(api.get(), http, target, body);
    }
}
