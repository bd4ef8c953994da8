package io.coffer.crypto.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.aws.auth.RequestAuthenticator;
import io.coffer.aws.auth.SigV4Signer;
import io.coffer.crypto.wire.CryptoHeaders;
import io.coffer.kernel.AwsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The Java client of crypto-service for the other services: plaintext and messages stream in and out, so key
 * material never reaches the caller and memory does not grow with the data. Requests are signed with the service's
 * own access key; {@link #onBehalfOf} makes them the end user's, {@code invokedBy} the calling service.
 * A response that ends early (the service aborts a stream whose frame does not authenticate) fails the read with an
 * {@link IOException}, never a clean end of stream.
 * <p>
 * A client on the same host as crypto-service (a sidecar in its pod) may reach it on its Unix domain socket instead
 * of over TLS: the requests are still signed and checked the same way, and the bytes never enter a network.
 */
public final class CryptoClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final CryptoTransport transport;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final Map<String, String> onBehalfOf;

    /** @param tls what an {@code https} endpoint's certificate is verified against */
    public CryptoClient(URI endpoint, String accessKeyId, String secretAccessKey, SSLContext tls) {
        this(endpoint, CryptoTransport.sockets(null, tls), accessKeyId, secretAccessKey);
    }

    /**
     * @param transport how requests for {@code endpoint} (its host, which requests are signed for, and its paths)
     *     reach crypto-service: over the network to its address, or on its Unix domain socket
     */
    public CryptoClient(URI endpoint, CryptoTransport transport, String accessKeyId, String secretAccessKey) {
        this(endpoint, transport, accessKeyId, secretAccessKey, Map.of());
    }

    private CryptoClient(URI endpoint, CryptoTransport transport, String accessKeyId, String secretAccessKey,
            Map<String, String> onBehalfOf) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.onBehalfOf = onBehalfOf;
    }

    /** The same client acting for the caller with {@code callerAccessKeyId}, as {@code service}. */
    public CryptoClient onBehalfOf(String callerAccessKeyId, String service, String callerSourceIp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RequestAuthenticator.ON_BEHALF_OF, callerAccessKeyId);
        headers.put(RequestAuthenticator.INVOKED_BY, service);
        if (callerSourceIp != null) {
            headers.put(RequestAuthenticator.CALLER_SOURCE_IP, callerSourceIp);
        }
        return new CryptoClient(endpoint, transport, accessKeyId, secretAccessKey, Map.copyOf(headers));
    }

    /**
     * A new message: its ID, its KMS key, the length of its header, its frame length and its bytes (read them to
     * the end).
     */
    public record Encrypted(String messageId, String keyArn, int headerLength, int frameLength, InputStream message) {
    }

    /** Encrypts {@code plaintext} (read to its end) under {@code keyId} (null: the repository key). */
    public Encrypted encrypt(String region, Map<String, String> context, String keyId,
            Supplier<InputStream> plaintext) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (keyId != null) {
            headers.put(CryptoHeaders.KEY_ID, keyId);
        }
        CryptoTransport.Response response = send(region, "/v1/encrypt", context, headers, plaintext, false);
        return new Encrypted(response.header(CryptoHeaders.MESSAGE_ID), response.header(CryptoHeaders.KEY_ARN),
                Integer.parseInt(response.header(CryptoHeaders.HEADER_LENGTH)),
                Integer.parseInt(response.header(CryptoHeaders.FRAME_LENGTH)), response.body());
    }

    /** The plaintext of a whole message, which must carry exactly {@code expectedContext}. */
    public InputStream decrypt(String region, Map<String, String> expectedContext, Supplier<InputStream> message) {
        return send(region, "/v1/decrypt", expectedContext, Map.of(), message, false).body();
    }

    /**
     * The plaintext of a run of whole frames of a message, starting at frame {@code firstFrame} (from 1), given the
     * message's header. Reads in one {@code session} count as one read of the message. {@code frames} must give the
     * same bytes each time it is asked: the call may be retried once on a fresh connection.
     */
    public InputStream decryptFrames(String region, Map<String, String> expectedContext, byte[] header,
            int firstFrame, Supplier<InputStream> frames, String session) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (session != null) {
            headers.put(CryptoHeaders.SESSION, session);
        }
        return send(region, "/v1/decrypt-frames?first=" + firstFrame, expectedContext, headers,
                () -> new SequenceInputStream(new ByteArrayInputStream(header), frames.get()), true).body();
    }

    /** A message header with its data key re-wrapped, and the ARN of the key that now wraps it. */
    public record Rewrapped(byte[] header, String keyArn) {
    }

    /** Re-wraps the data key of a message (given its header, which must carry {@code context}) under {@code keyId}. */
    public Rewrapped rewrap(String region, Map<String, String> context, String keyId, byte[] header) {
        CryptoTransport.Response response = send(region, "/v1/rewrap", context, Map.of(CryptoHeaders.KEY_ID, keyId),
                () -> new ByteArrayInputStream(header), true);
        try (InputStream in = response.body()) {
            return new Rewrapped(in.readAllBytes(), response.header(CryptoHeaders.KEY_ARN));
        } catch (IOException e) {
            throw new UncheckedIOException("crypto-service /v1/rewrap failed", e);
        }
    }

    /** @param repeatable whether {@code body} yields the same bytes each time it is asked (then it may be retried) */
    private CryptoTransport.Response send(String region, String path, Map<String, String> context,
            Map<String, String> extra, Supplier<InputStream> body, boolean repeatable) {
        URI uri = endpoint.resolve(path);
        Map<String, String> headers = new LinkedHashMap<>(onBehalfOf);
        headers.putAll(extra);
        try {
            headers.put(CryptoHeaders.ENCRYPTION_CONTEXT,
                    Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(context)));
            headers.put("content-type", "application/octet-stream");
            Map<String, String> signed = new SigV4Signer(accessKeyId, secretAccessKey, region,
                    CryptoHeaders.SIGNING_NAME, Clock.systemUTC()).sign("POST", uri, headers);
            CryptoTransport.Response response = transport.post(uri, signed, body, repeatable);
            if (response.status() != 200) {
                throw error(response);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException("crypto-service " + path + " failed", e);
        }
    }

    private static AwsException error(CryptoTransport.Response response) {
        try (InputStream in = response.body()) {
            JsonNode error = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new AwsException(error.path("__type").asText("InternalFailure"), response.status(),
                    error.path("message").asText("crypto-service answered " + response.status()));
        } catch (IOException e) {
            return new AwsException("InternalFailure", response.status(),
                    "crypto-service answered " + response.status());
        }
    }
}
