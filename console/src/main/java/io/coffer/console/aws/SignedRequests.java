package io.coffer.console.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Requests the SDK has no client for (audit-service's plain query API) or whose answer is streamed rather than
 * buffered (a large file's content), signed by the SDK's own SigV4 signer with the user's key. A refusal is thrown as
 * the same {@link AwsServiceException} the SDK clients throw, so one error page shows both.
 */
public final class SignedRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;

    SignedRequests(SdkHttpClient http, AwsCredentialsProvider credentials, String region) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
    }

    /** A signed GET whose JSON answer is read whole. */
    public JsonNode getJson(URI uri, String service) {
        try (InputStream in = send(SdkHttpMethod.GET, uri, service, null, new byte[0])) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A signed JSON API call (POST /, X-Amz-Target) whose answer the caller reads as it arrives, then closes. */
    public InputStream postJson(URI uri, String service, String target, byte[] body) {
        return send(SdkHttpMethod.POST, uri, service, target, body);
    }

    private InputStream send(SdkHttpMethod method, URI uri, String service, String target, byte[] body) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method).uri(uri);
        if (target != null) {
            request.putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target);
        }
        if (body.length > 0) {
            request.putHeader("Content-Length", Integer.toString(body.length));
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request.build())
                .payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(body.length > 0 ? () -> new ByteArrayInputStream(body) : null)
                    .build()).call();
            InputStream in = response.responseBody().map(InputStream.class::cast)
                    .orElseGet(InputStream::nullInputStream);
            int status = response.httpResponse().statusCode();
            if (status >= 300) {
                try (in) {
                    throw refusal(status, in.readAllBytes());
                }
            }
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AwsServiceException refusal(int status, byte[] body) {
        String type = "HttpError" + status;
        String message = "";
        try {
            JsonNode error = JSON.readTree(body);
            type = error.path("__type").asText(type);
            message = error.path("message").asText(error.path("Message").asText(""));
        } catch (IOException e) {
            // not JSON: the status alone says what happened
        }
        return AwsServiceException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(type.substring(type.indexOf('#') + 1))
                        .errorMessage(message).build())
                .build();
    }
}
