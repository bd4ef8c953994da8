package io.coffer.events;

/** Another writer appended to the same aggregate first; the caller may reload the aggregate and decide again. */
public class ConcurrentAppendException extends RuntimeException {

    public ConcurrentAppendException(String aggregateType, String aggregateId, Throwable cause) {
        super(aggregateType + " " + aggregateId + " was changed concurrently", cause);
    }
}
