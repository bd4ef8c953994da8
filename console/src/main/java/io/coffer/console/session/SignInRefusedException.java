package io.coffer.console.session;

/** The services did not accept a key pair at sign-in; carries their error type and message. */
public class SignInRefusedException extends RuntimeException {

    private final String errorType;

    public SignInRefusedException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
