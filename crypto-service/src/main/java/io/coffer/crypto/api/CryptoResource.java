package io.coffer.crypto.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.aws.auth.RequestAuthenticator;
import io.coffer.aws.http.RequestBody;
import io.coffer.crypto.envelope.Envelopes;
import io.coffer.crypto.wire.CryptoHeaders;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * crypto-service's internal API: streaming encrypt and decrypt, and decryption of a run of frames for random access.
 * Requests are SigV4-signed (signing name {@code crypto}) with {@code UNSIGNED-PAYLOAD}, as bodies are streamed.
 * Bodies and answers are raw bytes, chunked; memory use does not grow with their size.
 */
@Path("/v1")
@Blocking
public class CryptoResource {

    private static final Logger LOG = Logger.getLogger(CryptoResource.class);
    /** A client that stops sending mid-body for this long loses the request. */
    private static final long BODY_TIMEOUT_MILLIS = 60_000;

    private final RequestAuthenticator authenticator;
    private final Envelopes envelopes;
    private final ObjectMapper json;

    public CryptoResource(RequestAuthenticator authenticator, Envelopes envelopes, ObjectMapper json) {
        this.authenticator = authenticator;
        this.envelopes = envelopes;
        this.json = json;
    }

    /** Plaintext in, message out; the message ID, key ARN, header length and frame length come back as headers. */
    @POST
    @Path("/encrypt")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response encrypt(@Context HttpServerRequest http) {
        InputStream plaintext = new RequestBody(http, BODY_TIMEOUT_MILLIS);
        Caller caller = authenticator.authenticateStreaming(http, CryptoHeaders.SIGNING_NAMES);
        Envelopes.PendingMessage message = envelopes.begin(caller, http.getHeader(CryptoHeaders.KEY_ID),
                context(http));
        StreamingOutput body = out -> streaming(http, "encrypt", () -> envelopes.write(message, plaintext, out));
        return Response.ok(body).header(CryptoHeaders.MESSAGE_ID, message.messageId())
                .header(CryptoHeaders.KEY_ARN, message.keyArn())
                .header(CryptoHeaders.HEADER_LENGTH, message.header().length())
                .header(CryptoHeaders.FRAME_LENGTH, message.header().frameLength()).build();
    }

    /** Message in, plaintext out; refused before any output if the message's context is not the expected one. */
    @POST
    @Path("/decrypt")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response decrypt(@Context HttpServerRequest http) {
        InputStream message = new RequestBody(http, BODY_TIMEOUT_MILLIS);
        Caller caller = authenticator.authenticateStreaming(http, CryptoHeaders.SIGNING_NAMES);
        Envelopes.OpenedMessage opened = envelopes.open(caller, context(http), message, caller.requestId());
        StreamingOutput body = out -> streaming(http, "decrypt", () -> envelopes.readMessage(opened, message, out));
        return Response.ok(body).header(CryptoHeaders.MESSAGE_ID, opened.messageId()).build();
    }

    /**
     * The message's header followed by a run of its whole frames, {@code first} being the first frame's sequence
     * number (from 1), in; their plaintext out. Reads of one message in one {@code x-coffer-session} are recorded
     * as one DataDecrypted event.
     */
    @POST
    @Path("/decrypt-frames")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response decryptFrames(@Context HttpServerRequest http, @QueryParam("first") Integer first) {
        InputStream headerAndFrames = new RequestBody(http, BODY_TIMEOUT_MILLIS);
        Caller caller = authenticator.authenticateStreaming(http, CryptoHeaders.SIGNING_NAMES);
        if (first == null || first < 1) {
            throw AwsException.client("ValidationException", "Query parameter 'first' must be a frame number from 1");
        }
        String session = http.getHeader(CryptoHeaders.SESSION);
        Envelopes.OpenedMessage opened = envelopes.open(caller, context(http), headerAndFrames,
                session != null && !session.isBlank() && session.length() <= 128 ? session : caller.requestId());
        StreamingOutput body = out -> streaming(http, "decrypt-frames",
                () -> envelopes.readFrames(opened, first, headerAndFrames, out));
        return Response.ok(body).header(CryptoHeaders.MESSAGE_ID, opened.messageId()).build();
    }

    /**
     * A message header in, the same header with its data key re-wrapped under the KMS key named by
     * {@code x-coffer-key-id} out (the new key's ARN as a header). The message's frames need no change.
     */
    @POST
    @Path("/rewrap")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response rewrap(@Context HttpServerRequest http) {
        InputStream header = new RequestBody(http, BODY_TIMEOUT_MILLIS);
        Caller caller = authenticator.authenticateStreaming(http, CryptoHeaders.SIGNING_NAMES);
        String keyId = http.getHeader(CryptoHeaders.KEY_ID);
        if (keyId == null || keyId.isBlank()) {
            throw AwsException.client("ValidationException", "Header " + CryptoHeaders.KEY_ID + " is required");
        }
        Envelopes.Rewrapped rewrapped = envelopes.rewrap(caller, context(http), header, keyId);
        return Response.ok(rewrapped.header()).header(CryptoHeaders.KEY_ARN, rewrapped.keyArn()).build();
    }

    private interface Body {
        void write() throws IOException;
    }

    /**
     * Runs a streaming answer. Once the status line has gone out a failure can no longer become an error response:
     * the connection is then closed before the chunked body's last chunk, which every HTTP client reports as a cut
     * response rather than a complete one. A caller that hangs up ends it quietly.
     */
    private static void streaming(HttpServerRequest http, String operation, Body body) throws IOException {
        try {
            body.write();
        } catch (IOException | RuntimeException e) {
            if (http.response().closed() || e instanceof RequestBody.ClientGoneException) {
                // the caller hung up mid-answer (repo-service gives up a run it no longer needs): no one is left
                // to tell, and nothing went wrong here. The request body may be the first to hear of it, before
                // the response is marked closed
                LOG.debugf("%s: the caller closed the connection mid-stream (%s)", operation, e.getMessage());
                return;
            }
            if (!http.response().headWritten()) {
                // nothing sent yet (the first frame failed): an ordinary error response is still possible
                throw e;
            }
            LOG.warnf("%s aborted mid-stream: %s", operation, e.getMessage());
            // wait for the close itself: otherwise the framework's end of the response could still write the
            // terminating chunk first and make the cut answer look whole
            try {
                http.connection().close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException closeFailed) {
                LOG.warnf("closing the connection of an aborted %s failed: %s", operation, closeFailed.toString());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            // a frame that fails its check is the stored message's fault, not this service's: its own mapper, no
            // stack trace (the WARN line above says which frame)
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
    }

    private EncryptionContext context(HttpServerRequest http) {
        String header = http.getHeader(CryptoHeaders.ENCRYPTION_CONTEXT);
        if (header == null) {
            throw AwsException.client("ValidationException", "Header " + CryptoHeaders.ENCRYPTION_CONTEXT
                    + " (base64 of a JSON object of strings) is required");
        }
        try {
            Map<String, String> map = json.readValue(Base64.getDecoder().decode(header),
                    new TypeReference<Map<String, String>>() { });
            return EncryptionContext.of(map);
        } catch (Exception e) {
            throw AwsException.client("SerializationException", "Header " + CryptoHeaders.ENCRYPTION_CONTEXT
                    + " must be base64 of a JSON object of strings");
        }
    }
}
