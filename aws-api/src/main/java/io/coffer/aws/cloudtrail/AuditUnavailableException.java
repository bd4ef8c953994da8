package io.coffer.aws.cloudtrail;

/** The audit trail could not take a record; the call it describes must fail rather than go unaudited. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message) {
        super(message);
    }
}
