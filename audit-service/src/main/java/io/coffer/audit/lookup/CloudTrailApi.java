package io.coffer.audit.lookup;

import io.coffer.platform.aws.AwsJsonApi;
import io.coffer.platform.aws.AwsOperation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** The part of the AWS CloudTrail JSON API that Coffer serves: {@code LookupEvents}. */
@ApplicationScoped
public class CloudTrailApi implements AwsJsonApi {

    private final Map<String, AwsOperation<?, ?>> operations;

    public CloudTrailApi(LookupEvents lookup) {
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

    @Override
    public Map<String, AwsOperation<?, ?>> operations() {
        return operations;
    }
}
