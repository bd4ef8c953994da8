package io.coffer.platform.aws;

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
}
