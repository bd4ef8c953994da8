package io.coffer.kernel;

/** An ARN and its CloudTrail resource type, e.g. {@code AWS::KMS::Key}: what a call acted on. */
public record CloudTrailResource(String arn, String type) {
}
