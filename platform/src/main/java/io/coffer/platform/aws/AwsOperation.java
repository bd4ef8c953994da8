package io.coffer.platform.aws;

import io.coffer.platform.auth.Caller;
import java.util.function.BiFunction;

/**
 * One operation of an AWS JSON API.
 *
 * @param name           the operation, as in {@code X-Amz-Target: <prefix>.<name>}
 * @param input          the request shape, bound from the JSON body
 * @param readOnly       CloudTrail's readOnly flag
 * @param recordResponse whether CloudTrail's responseElements carry the response (never for secrets)
 * @param handler        runs in a transaction together with the CloudTrail record of the call
 * @param afterCommit    runs after that transaction committed, e.g. to wait for a saga step; returns the response
 */
public record AwsOperation<I, O>(String name, Class<I> input, boolean readOnly, boolean recordResponse,
        BiFunction<Caller, I, O> handler, BiFunction<Caller, O, ?> afterCommit) {

    /** An operation whose transaction's result is its response. */
    public static <I, O> AwsOperation<I, O> of(String name, Class<I> input, boolean readOnly,
            BiFunction<Caller, I, O> handler) {
        return new AwsOperation<>(name, input, readOnly, true, handler, (caller, out) -> out);
    }

    public <R> AwsOperation<I, O> thenAfterCommit(BiFunction<Caller, O, R> next) {
        return new AwsOperation<>(name, input, readOnly, recordResponse, handler, next);
    }
}
