package io.coffer.aws.auth;

import io.coffer.kernel.AwsException;

/** A request that is not signed, or not signed correctly, by a known access key. */
public class AuthenticationException extends AwsException {

    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
            + "details.";

    private AuthenticationException(String errorType, int status, String message) {
        super(errorType, status, message);
    }

    static AuthenticationException missingToken() {
        return new AuthenticationException("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }

    static AuthenticationException incomplete(String message) {
        return new AuthenticationException("IncompleteSignatureException", 400, message);
    }

    static AuthenticationException invalid(String message) {
        return new AuthenticationException("InvalidSignatureException", 403, message);
    }

    static AuthenticationException unrecognizedClient() {
        return new AuthenticationException("UnrecognizedClientException", 403,
                "The security token included in the request is invalid.");
    }

    static AuthenticationException accessDenied(String message) {
        return new AuthenticationException("AccessDeniedException", 403, message);
    }
}
