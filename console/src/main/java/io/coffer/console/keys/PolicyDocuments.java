package io.coffer.console.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * The console's own check of a key policy before it is sent: well-formed JSON in the IAM policy grammar's outline
 * (Version, Statement, each with Effect Allow or Deny, an action and a principal), so a typo is explained where it
 * was typed. KMS remains the judge of what the policy means.
 */
final class PolicyDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

    private PolicyDocuments() {
    }

    /** What is wrong with the document, or null if its outline is right. */
    static String problem(String document) {
        JsonNode policy;
        try {
            policy = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage().replaceAll("(?s)\\s*\\(start marker.*", "").strip();
            return "Not JSON: " + reason + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
        }
        if (policy == null || !policy.isObject()) {
            return "A policy is a JSON object.";
        }
        if (policy.has("Version") && !VERSIONS.contains(policy.get("Version").asText())) {
            return "Version must be 2012-10-17.";
        }
        JsonNode statements = policy.get("Statement");
        if (statements == null || !(statements.isArray() || statements.isObject()) || statements.isEmpty()) {
            return "A policy needs a Statement: one statement or a list of them.";
        }
        int n = 0;
        for (JsonNode statement : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            n++;
            String effect = statement.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                return "Statement " + n + ": Effect must be Allow or Deny.";
            }
            if (!statement.has("Action") && !statement.has("NotAction")) {
                return "Statement " + n + ": an Action (or NotAction) is required.";
            }
            if (!statement.has("Principal") && !statement.has("NotPrincipal")) {
                return "Statement " + n + ": a key policy statement names a Principal.";
            }
        }
        return null;
    }
}
