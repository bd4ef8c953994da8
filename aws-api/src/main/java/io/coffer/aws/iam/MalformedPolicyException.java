package io.coffer.aws.iam;

/** A policy document that does not follow the IAM JSON grammar; the message names the offending element. */
public class MalformedPolicyException extends RuntimeException {

    private final String field;

    public MalformedPolicyException(String field, String message) {
        super(field + ": " + message, null, false, false);
        this.field = field;
    }

    /** Where in the document, e.g. {@code Statement[1].Condition.StringEquals}. */
    public String field() {
        return field;
    }
}
