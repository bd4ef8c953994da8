package io.coffer.console.aws;

/** A form or link the console itself refuses before calling any service (shown as a ValidationException). */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    /** The value, stripped; refused if missing or blank. */
    public static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("Enter the " + what + ".");
        }
        return value.strip();
    }
}
