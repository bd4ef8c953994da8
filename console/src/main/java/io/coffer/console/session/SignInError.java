package io.coffer.console.session;

/** What the sign-in page shows when the services refused the key pair: their error type and message. */
public record SignInError(String type, String message) {
}
