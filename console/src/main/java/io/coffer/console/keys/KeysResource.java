package io.coffer.console.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.console.aws.InvalidInputException;
import io.coffer.console.session.CurrentSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Keys: the list with aliases, one key's details and policy (validated before PutKeyPolicy), rotation,
 * enable/disable and scheduled deletion, through the KMS API as the user. An AWS-managed key refuses the changes
 * itself; the page shows its refusal.
 */
@Path("/keys")
@Produces(MediaType.TEXT_HTML)
public class KeysResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CurrentSession session;
    private final Template list;
    private final Template detail;

    public KeysResource(CurrentSession session, @Location("keys/list.html") Template list,
            @Location("keys/detail.html") Template detail) {
        this.session = session;
        this.list = list;
        this.detail = detail;
    }

    /** A key of the list: its metadata and the aliases that point at it. */
    public record KeyRow(KeyMetadata metadata, List<String> aliases) {
    }

    @GET
    public String list() {
        Map<String, List<String>> aliases = aliasesByKey();
        List<KeyRow> rows = new ArrayList<>();
        kms().listKeysPaginator(r -> { }).keys().forEach(k -> rows.add(new KeyRow(
                kms().describeKey(r -> r.keyId(k.keyId())).keyMetadata(), aliases.getOrDefault(k.keyId(), List.of()))));
        return list.data("keys", rows).render();
    }

    @GET
    @Path("{keyId}")
    public String detail(@PathParam("keyId") String keyId) {
        return page(keyId, null, null);
    }

    /** Checks the document is a JSON policy before KMS sees it; KMS then checks what it means. */
    @POST
    @Path("{keyId}/policy")
    public Response putPolicy(@PathParam("keyId") String keyId, @RestForm String policy) {
        String document = InvalidInputException.required(policy, "policy");
        String problem = PolicyDocuments.problem(document);
        if (problem != null) {
            return Response.status(400).type(MediaType.TEXT_HTML).entity(page(keyId, document, problem)).build();
        }
        try {
            kms().putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(document));
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null
                    && "MalformedPolicyDocumentException".equals(e.awsErrorDetails().errorCode())) {
                return Response.status(e.statusCode()).type(MediaType.TEXT_HTML).entity(page(keyId, document,
                        "MalformedPolicyDocumentException: " + e.awsErrorDetails().errorMessage())).build();
            }
            throw e;
        }
        return seeOther(keyId);
    }

    @POST
    @Path("{keyId}/rotation")
    public Response rotation(@PathParam("keyId") String keyId, @RestForm String enabled,
            @RestForm Integer rotationPeriodInDays) {
        if ("true".equals(enabled)) {
            kms().enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(rotationPeriodInDays));
        } else {
            kms().disableKeyRotation(r -> r.keyId(keyId));
        }
        return seeOther(keyId);
    }

    @POST
    @Path("{keyId}/state")
    public Response state(@PathParam("keyId") String keyId, @RestForm String enabled) {
        if ("true".equals(enabled)) {
            kms().enableKey(r -> r.keyId(keyId));
        } else {
            kms().disableKey(r -> r.keyId(keyId));
        }
        return seeOther(keyId);
    }

    @POST
    @Path("{keyId}/deletion")
    public Response deletion(@PathParam("keyId") String keyId, @RestForm String action,
            @RestForm Integer pendingWindowInDays) {
        if ("cancel".equals(action)) {
            kms().cancelKeyDeletion(r -> r.keyId(keyId));
        } else {
            kms().scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(pendingWindowInDays));
        }
        return seeOther(keyId);
    }

    private String page(String keyId, String draftPolicy, String policyProblem) {
        KeyMetadata key = kms().describeKey(r -> r.keyId(keyId)).keyMetadata();
        String policy = draftPolicy != null ? draftPolicy
                : pretty(kms().getKeyPolicy(r -> r.keyId(key.keyId()).policyName("default")).policy());
        Boolean rotation = null;
        Integer rotationDays = null;
        // KMS answers rotation questions only for symmetric keys of its own material that are not pending deletion
        if ("SYMMETRIC_DEFAULT".equals(key.keySpecAsString()) && "AWS_KMS".equals(key.originAsString())
                && !"PendingDeletion".equals(key.keyStateAsString())) {
            var status = kms().getKeyRotationStatus(r -> r.keyId(key.keyId()));
            rotation = status.keyRotationEnabled();
            rotationDays = status.rotationPeriodInDays();
        }
        return detail.data("key", key).data("aliases", aliasesByKey().getOrDefault(key.keyId(), List.of()))
                .data("policy", policy).data("policyProblem", policyProblem).data("rotation", rotation)
                .data("rotationDays", rotationDays).render();
    }

    private Map<String, List<String>> aliasesByKey() {
        return kms().listAliasesPaginator(r -> { }).aliases().stream().filter(a -> a.targetKeyId() != null)
                .collect(Collectors.groupingBy(AliasListEntry::targetKeyId,
                        Collectors.mapping(AliasListEntry::aliasName, Collectors.toList())));
    }

    private static String pretty(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private KmsClient kms() {
        return session.clients().kms();
    }

    private static Response seeOther(String keyId) {
        return Response.seeOther(URI.create("/keys/" + keyId)).build();
    }
}
