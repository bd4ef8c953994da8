package io.coffer.audit.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.audit.query.AuditReaders;
import io.coffer.audit.query.TimeParameter;
import io.coffer.events.Database;
import io.coffer.kernel.AwsException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code /v1/integrity}: verify the chain ({@code verify?from=&to=}, arrival times), list the signed
 * digests, and fetch the public key that verifies them. SigV4-signed like every API.
 */
@Path("/v1/integrity")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrityResource {

    private final AuditReaders readers;
    private final Database database;
    private final Digests digests;
    private final ObjectMapper json;

    public IntegrityResource(AuditReaders readers, Database database, Digests digests,
            ObjectMapper json) {
        this.readers = readers;
        this.database = database;
        this.digests = digests;
        this.json = json;
    }

    @GET
    @Path("/verify")
    public ChainVerifier.Report verify(@Context HttpServerRequest http, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        readers.reader(http);
        Instant start = TimeParameter.parse(from, "from");
        Instant end = TimeParameter.parse(to, "to");
        if (start != null && end != null && start.isAfter(end)) {
            throw AwsException.client("InvalidTimeRangeException", "from must not be after to");
        }
        try (Connection connection = database.connection()) {
            return new ChainVerifier(connection, digests.verificationKeys()).verify(start, end);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit chain: " + e.getMessage(), e);
        }
    }

    @GET
    @Path("/digests")
    public ObjectNode digests(@Context HttpServerRequest http, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        readers.reader(http);
        HexFormat hex = HexFormat.of();
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("digests");
        Instant start = TimeParameter.parse(from, "from");
        Instant end = TimeParameter.parse(to, "to");
        for (DigestLog.Digest digest : digests.list(start, end)) {
            DigestSignature signed = digest.signed();
            list.addObject()
                    .put("digestId", digest.digestId())
                    .put("createdAt", digest.createdAt().toString())
                    .put("firstPosition", signed.firstPosition())
                    .put("lastPosition", signed.lastPosition())
                    .put("recordCount", signed.recordCount())
                    .put("startTime", signed.startTime().toString())
                    .put("endTime", signed.endTime().toString())
                    .put("lastHash", hex.formatHex(signed.lastHash()))
                    .put("previousSignature", signed.previousSignature() == null ? null
                            : hex.formatHex(signed.previousSignature()))
                    .put("signatureAlgorithm", DigestSignature.ALGORITHM)
                    .put("keyFingerprint", digest.keyFingerprint())
                    .put("signature", hex.formatHex(digest.signature()));
        }
        return body;
    }

    @GET
    @Path("/public-key")
    @Produces("application/x-pem-file")
    public String publicKey(@Context HttpServerRequest http) {
        readers.reader(http);
        return SigningKeys.pem(digests.publicKey());
    }
}
