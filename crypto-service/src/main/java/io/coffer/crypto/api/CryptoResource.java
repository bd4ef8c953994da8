package io.coffer.crypto.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.crypto.envelope.Envelopes;
import io.coffer.platform.auth.Caller;
import io.coffer.platform.auth.RequestAuthenticator;
import io.coffer.platform.aws.AwsException;
import io.coffer.platform.crypto.CryptoHeaders;
import io.coffer.platform.crypto.EncryptionContext;
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
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * crypto-service's internal API: streaming encrypt and decrypt, and decryption of a run of frames for random access.
 * Requests are SigV4-signed (signing name {@code crypto}) with {@code UNSIGNED-PAYLOAD}, as bodies are streamed.
 * Bodies and answers are raw bytes, chunked; memory use does not grow with their size.
 */
@Path("/v1")
@Blocking
public class CryptoResource {

    private final RequestAuthenticator authenticator;
    private final Envelopes envelopes;
    private final ObjectMapper json;

    public CryptoResource(RequestAuthenticator authenticator, Envelopes envelopes, ObjectMapper json) {
        this.authenticator = authenticator;
        this.envelopes = envelopes;
        this.json = json;
    }

    /** Plaintext in, message out; the message ID and key ARN come back as headers. */
    @POST
    @Path("/encrypt")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response encrypt(@Context HttpServerRequest http, InputStream plaintext) {
        Caller caller = authenticator.authenticateStreaming(http, CryptoHeaders.SIGNING_NAMES);
        Envelopes.PendingMessage message = envelopes.begin(caller, http.getHeader(CryptoHeaders.KEY_ID),
                context(http));
        StreamingOutput body = out -> envelopes.write(message, plaintext, out);
        return Response.ok(body).header(CryptoHeaders.MESSAGE_ID, message.messageId())
                .header(CryptoHeaders.KEY_ARN, message.keyArn()).build();
    }

    /** Message in, plaintext out; refused before any output if the message's context is not the expected one. */
    @POST
    @Path("/decrypt")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response decrypt(@Context HttpServerRequest http, InputStream message) {
        Caller caller = authenticator.authenticateStreaming(http, CryptoHeaders.SIGNING_NAMES);
        Envelopes.OpenedMessage opened = envelopes.open(caller, context(http), message, caller.requestId());
        StreamingOutput body = out -> envelopes.readMessage(opened, message, out);
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
    public Response decryptFrames(@Context HttpServerRequest http, @QueryParam("first") Integer first,
            InputStream headerAndFrames) {
        Caller caller = authenticator.authenticateStreaming(http, CryptoHeaders.SIGNING_NAMES);
        if (first == null || first < 1) {
            throw AwsException.client("ValidationException", "Query parameter 'first' must be a frame number from 1");
        }
        String session = http.getHeader(CryptoHeaders.SESSION);
        Envelopes.OpenedMessage opened = envelopes.open(caller, context(http), headerAndFrames,
                session != null && !session.isBlank() && session.length() <= 128 ? session : caller.requestId());
        StreamingOutput body = out -> envelopes.readFrames(opened, first, headerAndFrames, out);
        return Response.ok(body).header(CryptoHeaders.MESSAGE_ID, opened.messageId()).build();
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
