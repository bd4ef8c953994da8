package io.coffer.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.CloudTrailResource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An AWS JSON-protocol API: its target prefix, signing names, CloudTrail event source and operations. */
public interface AwsJsonApi {

    /** e.g. {@code CodeCommit_20150413} */
    String targetPrefix();

    /** SigV4 signing names the API accepts in the credential scope, e.g. {@code codecommit}. */
    Set<String> signingNames();

    /** CloudTrail eventSource, e.g. {@code codecommit.amazonaws.com}. */
    String eventSource();

    Map<String, AwsOperation<?, ?>> operations();

    /**
     * Decides whether the caller may make this call, before its handler runs. Every API must say: it authorizes
     * here against the IAM action and resource the call names, or, where the resource's own policy decides (a KMS
     * key), states that the handler authorizes once it has loaded the resource. The refusal is audited like any
     * failure.
     *
     * @throws io.coffer.aws.iam.AccessDeniedException when no policy allows the call, or one denies it
     */
    void authorize(Caller caller, String operation, JsonNode request);

    /**
     * The largest request body the API takes, refused from its headers above this ({@link AwsJsonBodyLimit}): room
     * for its largest valid request, far below what a call's CloudTrail record and the framework could carry.
     */
    default long maxRequestBytes() {
        return 1024 * 1024;
    }

    /** The error type of a failure that is the service's fault, e.g. {@code KMSInternalException}. */
    default String internalErrorType() {
        return "InternalFailure";
    }

    /**
     * The documented error for a failure that is not the caller's (a dependency timing out, say), or {@code null}
     * for an internal error of type {@link #internalErrorType()}. Either way the call is audited as failed.
     */
    default AwsException failure(RuntimeException e) {
        return null;
    }

    /** The request as CloudTrail records it; an API removes secrets here. */
    default JsonNode requestParameters(String operation, JsonNode request) {
        return request;
    }

    /**
     * The resources a call acted on, as CloudTrail lists them: ARN and type. For a failed call {@code response} is
     * empty and only what the request names can be listed.
     */
    default List<CloudTrailResource> resources(Caller caller, String operation, JsonNode request,
            JsonNode response) {
        return List.of();
    }

    /**
     * CloudTrail's additionalEventData of a successful call, or {@code null}: what the call acted on that neither
     * request nor response names (e.g. the ID of the repository a call named). Runs in the call's transaction, if
     * it has one.
     */
    default JsonNode additionalEventData(Caller caller, String operation, JsonNode request, JsonNode response) {
        return null;
    }

    /** The response as CloudTrail records it. */
    default JsonNode responseElements(String operation, JsonNode response) {
        return response;
    }

    /**
     * A successful read-only call's CloudTrail record is on the trail (after the answer is decided, before it is
     * sent). KMS remembers each key's last use from here; it must be cheap and must not fail.
     */
    default void recorded(Caller caller, String operation, CloudTrailRecord record) {
    }
}
