package io.coffer.audit.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.aws.AwsJsonApi;
import io.coffer.aws.AwsOperation;
import io.coffer.aws.identity.Authorizer;
import io.coffer.kernel.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** The part of the AWS CloudTrail JSON API that Coffer serves: {@code LookupEvents}. */
@ApplicationScoped
public class CloudTrailApi implements AwsJsonApi {

    private final Map<String, AwsOperation<?, ?>> operations;
    private final Authorizer authorizer;

    public CloudTrailApi(LookupEvents lookup, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.operations = Map.of("LookupEvents",
                AwsOperation.query("LookupEvents", LookupEventsShapes.Request.class, lookup::lookup)
                        .withoutResponseRecord());
    }

    @Override
    public String targetPrefix() {
        return "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
    }

    @Override
    public Set<String> signingNames() {
        return Set.of("cloudtrail");
    }

    @Override
    public String eventSource() {
        return "cloudtrail.amazonaws.com";
    }

    /** {@code cloudtrail:LookupEvents}, which has no resource of its own. */
    @Override
    public void authorize(Caller caller, String operation, JsonNode request) {
        authorizer.authorize(caller, "cloudtrail:" + operation, "*");
    }

    @Override
    public Map<String, AwsOperation<?, ?>> operations() {
        return operations;
    }
}
