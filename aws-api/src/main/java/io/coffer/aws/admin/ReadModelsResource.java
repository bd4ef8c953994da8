package io.coffer.aws.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.aws.auth.RequestAuthenticator;
import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.aws.identity.Authorizer;
import io.coffer.events.RebuildableReadModel;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.UuidV7;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The operator's command to rebuild a service's read models from its event store: {@code POST
 * /v1/admin/read-models/<name>/rebuild}, and {@code GET /v1/admin/read-models} to list them. SigV4-signed with the
 * signing name {@code coffer}, allowed by {@value #ACTION}, and on the audit trail like every call.
 */
@Path("/v1/admin/read-models")
@Produces(MediaType.APPLICATION_JSON)
public class ReadModelsResource {

    static final String ACTION = "coffer:RebuildReadModel";
    private static final String SIGNING_NAME = "coffer";
    private static final Logger LOG = Logger.getLogger(ReadModelsResource.class);

    private final Instance<RebuildableReadModel> readModels;
    private final RequestAuthenticator authenticator;
    private final Authorizer authorizer;
    private final AuditTrail audit;
    private final ObjectMapper json;

    public ReadModelsResource(Instance<RebuildableReadModel> readModels, RequestAuthenticator authenticator,
            Authorizer authorizer, AuditTrail audit, ObjectMapper json) {
        this.readModels = readModels;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.audit = audit;
        this.json = json;
    }

    @GET
    public ObjectNode list(@Context HttpServerRequest http) {
        Caller caller = authenticator.authenticate(http, new byte[0], Set.of(SIGNING_NAME));
        authorizer.authorize(caller, ACTION, "*");
        ObjectNode body = json.createObjectNode();
        readModels.forEach(model -> body.withArray("readModels").add(model.name()));
        return body;
    }

    @POST
    @Path("/{name}/rebuild")
    public ObjectNode rebuild(@Context HttpServerRequest http, @PathParam("name") String name) {
        Caller caller = authenticator.authenticate(http, new byte[0], Set.of(SIGNING_NAME));
        authorizer.authorize(caller, ACTION, "*");
        RebuildableReadModel model = readModels.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AwsException("ResourceNotFoundException", 404,
                        "This service has no read model named " + name));
        long started = System.nanoTime();
        long replayed = model.rebuild();
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("read model %s rebuilt from %d events in %d ms by %s", name, replayed, millis,
                caller.principal().arn());
        ObjectNode response = json.createObjectNode().put("readModel", name).put("eventsReplayed", replayed)
                .put("millis", millis);
        audit.publish(CloudTrailRecord.apiCall(UuidV7.next(), Instant.now(), caller.actor(), caller.region(),
                "coffer.internal", "RebuildReadModel", false).requestId(caller.requestId())
                .requestParameters(json.createObjectNode().put("readModel", name)).responseElements(response),
                caller.actor(), caller.region(), caller.requestId());
        return response;
    }
}
