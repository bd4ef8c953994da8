package io.coffer.audit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.events.Database;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/repositories/{repositoryId}/key-usage}: which encryption operations were taken on which key for one
 * repository — per key and operation, how many calls (and how many failed), first and last time.
 */
@Path("/v1/repositories/{repositoryId}/key-usage")
public class KeyUsageResource {

    private static final Pattern REPOSITORY_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");

    private final AuditReaders readers;
    private final Database database;
    private final ObjectMapper json;

    public KeyUsageResource(AuditReaders readers, Database database, ObjectMapper json) {
        this.readers = readers;
        this.database = database;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional(Transactional.TxType.SUPPORTS)
    public ObjectNode keyUsage(@Context HttpServerRequest http, @PathParam("repositoryId") String repositoryId) {
        Caller caller = readers.reader(http);
        if (!REPOSITORY_ID.matcher(repositoryId).matches()) {
            throw AwsException.client("ValidationException", "repositoryId must be a repository ID");
        }
        ObjectNode body = json.createObjectNode().put("repositoryId", repositoryId);
        ArrayNode keys = body.putArray("keys");
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement("""
                        select region, key_id, event_name, count(*), count(error_code),
                               min(event_time), max(event_time)
                          from audit_record
                         where account_id = ? and repository_id = ? and key_id is not null
                         group by region, key_id, event_name
                         order by region, key_id, event_name""")) {
            select.setString(1, caller.accountId());
            select.setString(2, repositoryId);
            try (ResultSet rs = select.executeQuery()) {
                ObjectNode key = null;
                while (rs.next()) {
                    String arn = "arn:aws:kms:" + rs.getString(1) + ":" + caller.accountId() + ":key/" + rs.getString(2);
                    if (key == null || !key.path("keyArn").asText().equals(arn)) {
                        key = keys.addObject().put("keyId", rs.getString(2)).put("keyArn", arn);
                        key.putArray("operations");
                    }
                    ((ArrayNode) key.get("operations")).addObject()
                            .put("eventName", rs.getString(3))
                            .put("count", rs.getLong(4))
                            .put("failed", rs.getLong(5))
                            .put("firstTime", rs.getTimestamp(6).toInstant().toString())
                            .put("lastTime", rs.getTimestamp(7).toInstant().toString());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query key usage: " + e.getMessage(), e);
        }
        return body;
    }
}
