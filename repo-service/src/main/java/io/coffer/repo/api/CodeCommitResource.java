package io.coffer.repo.api;

import io.coffer.platform.aws.AwsJsonDispatcher;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /} with {@code X-Amz-Target: CodeCommit_20150413.<Operation>}. */
@Path("/")
public class CodeCommitResource {

    private final AwsJsonDispatcher dispatcher;
    private final CodeCommitApi api;

    public CodeCommitResource(AwsJsonDispatcher dispatcher, CodeCommitApi api) {
        this.dispatcher = dispatcher;
        this.api = api;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response invoke(@HeaderParam("X-Amz-Target") String target, @Context HttpServerRequest http, byte[] body) {
        return dispatcher.dispatch(api, http, target, body);
    }
}
