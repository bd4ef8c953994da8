package io.coffer.key.keys;

import io.coffer.platform.aws.AwsException;

/** KMS's documented errors. */
public final class KmsErrors {

    private KmsErrors() {
    }

    public static AwsException validation(String message) {
        return AwsException.client("ValidationException", message);
    }

    public static AwsException notFound(String message) {
        return AwsException.client("NotFoundException", message);
    }

    public static AwsException disabled(String arn) {
        return AwsException.client("DisabledException", arn + " is disabled.");
    }

    public static AwsException invalidState(String message) {
        return AwsException.client("KMSInvalidStateException", message);
    }

    public static AwsException alreadyExists(String message) {
        return AwsException.client("AlreadyExistsException", message);
    }

    public static AwsException notAuthorized(String message) {
        return AwsException.client("NotAuthorizedException", message);
    }

    public static AwsException incorrectKey() {
        return AwsException.client("IncorrectKeyException",
                "The key ID in the request does not identify a CMK that can perform this operation.");
    }

    public static AwsException unsupported(String message) {
        return AwsException.client("UnsupportedOperationException", message);
    }

    public static AwsException tag(String message) {
        return AwsException.client("TagException", message);
    }

    public static AwsException malformedPolicy(String message) {
        return AwsException.client("MalformedPolicyDocumentException", message);
    }

    /** An operation AWS refuses on AWS-managed keys. */
    public static AwsException awsManaged(KeyState key, String operation) {
        return new AwsException("AccessDeniedException", 400, "User is not authorized to perform: kms:" + operation
                + " on resource: " + key.arn() + " because it is an AWS managed key");
    }

    public static AwsException invalidMarker() {
        return AwsException.client("InvalidMarkerException", "Invalid marker");
    }
}
