package io.coffer.testsupport;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Plain HTTP requests signed by the AWS SDK's own SigV4 signer, for the endpoints that have no SDK client
 * (e.g. {@code GET /v1/events}) and for tests that tamper with a signed request.
 */
public final class SignedHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String service;

    public SignedHttp(AwsCredentialsProvider credentials, String region, String service) {
        this.credentials = credentials;
        this.region = region;
        this.service = service;
    }

    /** Signs a request as of {@code signedAt}; returns the headers to send, including Authorization. */
    public Map<String, List<String>> sign(String method, URI uri, Map<String, String> headers, byte[] body,
            Instant signedAt) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request.build())
                .payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        return signed.request().headers();
    }

    /** A presigned URL (SigV4 query form) for a body-less request, valid for {@code expiresIn}. */
    public URI presign(String method, URI uri, java.time.Duration expiresIn) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri).build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiresIn));
        return signed.request().getUri();
    }

    public HttpResponse<String> send(String method, URI uri, Map<String, String> headers, byte[] body) {
        return sendRaw(method, uri, sign(method, uri, headers, body, Instant.now()), body);
    }

    /** Sends with exactly these headers (e.g. a tampered signed set). */
    public static HttpResponse<String> sendRaw(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + uri + " failed", e);
        }
    }
}
