package io.coffer.aws;

import io.coffer.kernel.Caller;
import java.util.function.BiFunction;

/**
 * One operation of an AWS JSON API.
 *
 * @param name           the operation, as in {@code X-Amz-Target: <prefix>.<name>}
 * @param input          the request shape, bound from the JSON body
 * @param readOnly       CloudTrail's readOnly flag
 * @param changesState   whether the handler writes: it then runs in a transaction with its CloudTrail record (via
 *                       the outbox); otherwise the record is published straight to Kafka
 * @param recordResponse whether CloudTrail's responseElements carry the response (never for secrets)
 * @param handler        the operation
 * @param afterCommit    runs after the handler's transaction committed, e.g. to wait for a saga step; returns the
 *                       response
 */
public record AwsOperation<I, O>(String name, Class<I> input, boolean readOnly, boolean changesState,
        boolean recordResponse, BiFunction<Caller, I, O> handler, BiFunction<Caller, O, ?> afterCommit) {

    /** An operation that changes state; its response is recorded. */
    public static <I, O> AwsOperation<I, O> command(String name, Class<I> input, BiFunction<Caller, I, O> handler) {
        return new AwsOperation<>(name, input, false, true, true, handler, (caller, out) -> out);
    }

    /** An operation that changes nothing (a read or a cryptographic operation). */
    public static <I, O> AwsOperation<I, O> query(String name, Class<I> input, BiFunction<Caller, I, O> handler) {
        return new AwsOperation<>(name, input, true, false, true, handler, (caller, out) -> out);
    }

    public <R> AwsOperation<I, O> thenAfterCommit(BiFunction<Caller, O, R> next) {
        return new AwsOperation<>(name, input, readOnly, changesState, recordResponse, handler, next);
    }

    /** CloudTrail's responseElements stay null, as AWS logs cryptographic operations. */
    public AwsOperation<I, O> withoutResponseRecord() {
        return new AwsOperation<>(name, input, readOnly, changesState, false, handler, afterCommit);
    }
}
