package io.coffer.audit.intake;

/** A chunk was chained to a head that is no longer the chain's head; its transaction must roll back. */
public class ChainMovedException extends IllegalStateException {

    public ChainMovedException(String message) {
        super(message);
    }
}
