package io.coffer.key.keys;

import io.coffer.kernel.AwsException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;

/** KMS's documented errors. */
public final class KmsErrors {

    /** A KMS key's CloudTrail resource type. */
    public static final String KEY_RESOURCE = "AWS::KMS::Key";

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

    /** An import operation on a key whose material KMS made. */
    public static AwsException notExternal(String arn) {
        return unsupported(arn + " origin is AWS_KMS which is not valid for this operation.");
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

    public static AwsException limitExceeded(String message) {
        return AwsException.client("LimitExceededException", message);
    }

    public static AwsException invalidKeyUsage(String message) {
        return AwsException.client("InvalidKeyUsageException", message);
    }

    /** An enum member with a value outside the API's set: AWS's wording, which SDKs and suites match on. */
    public static AwsException notInEnum(String member, String value, java.util.List<String> values) {
        return violated(value, member, "satisfy enum value set: " + values);
    }

    /**
     * A length outside the model's bounds, worded as AWS's request validation words it: the one bound crossed.
     * {@code value} is quoted in the message, or left out (null) for blobs and secrets.
     */
    public static AwsException length(String member, String value, int length, int min, int max) {
        return violated(value, member, length < min ? "have length greater than or equal to " + min
                : "have length less than or equal to " + max);
    }

    /** A number outside the model's bounds, worded as AWS words it: the one bound crossed. */
    public static AwsException range(String member, long value, long min, long max) {
        return violated(Long.toString(value), member, value < min ? "have value greater than or equal to " + min
                : "have value less than or equal to " + max);
    }

    /** A required member that is missing. */
    public static AwsException required(String member) {
        return validation("1 validation error detected: Value null at '" + member + "' failed to satisfy "
                + "constraint: Member must not be null");
    }

    /** A string that does not match the model's pattern. */
    public static AwsException pattern(String member, String value, String pattern) {
        return violated(value, member, "satisfy regular expression pattern: " + pattern);
    }

    private static AwsException violated(String value, String member, String constraint) {
        return validation("1 validation error detected: Value " + (value == null ? "" : "'" + value + "' ") + "at '"
                + member + "' failed to satisfy constraint: Member must " + constraint);
    }

    /** A call with DryRun that would have succeeded (HTTP 400: what KMS answered LocalStack's recorded runs). */
    public static AwsException dryRun() {
        return new AwsException("DryRunOperationException", 400,
                "The request would have succeeded, but the DryRun option is set.");
    }

    public static AwsException invalidMarker() {
        return AwsException.client("InvalidMarkerException", "Invalid marker");
    }

    /**
     * {@code DependencyTimeoutException} (503, retryable) if {@code failure} is the key store timing out: a statement
     * cancelled by its timeout, a lock wait given up, or no pooled connection in time; otherwise {@code null}.
     */
    public static AwsException dependencyTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException || t instanceof SQLException sql && isTimeout(sql)) {
                return new AwsException("DependencyTimeoutException", 503,
                        "The system timed out while trying to fulfill the request. The request can be retried.");
            }
        }
        return null;
    }

    private static boolean isTimeout(SQLException e) {
        // 57014 query_canceled (statement timeout), 55P03 lock_not_available; Agroal's pool timeout has no SQLState
        return "57014".equals(e.getSQLState()) || "55P03".equals(e.getSQLState())
                || e.getSQLState() == null && e.getMessage() != null && e.getMessage().contains("acquisition timeout");
    }

    /** JDBC query timeouts are whole seconds; anything shorter rounds up to one. */
    public static int timeoutSeconds(Duration timeout) {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }
}
