package io.coffer.aws.iam;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.aws.iam.ConditionClause.SetQualifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy in the IAM JSON grammar, parsed and checked once so evaluation never meets a malformed element.
 * Identity-based policies (attached to users and groups) must not name a Principal; resource-based policies (key
 * policies) must.
 */
public record PolicyDocument(String version, String id, List<PolicyStatement> statements) {

    public enum Kind {
        IDENTITY, RESOURCE
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /** @throws MalformedPolicyException naming the element that breaks the grammar */
    public static PolicyDocument parse(String json, Kind kind) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException("Policy", "not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        return parse(root, kind);
    }

    public static PolicyDocument parse(JsonNode root, Kind kind) {
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("Policy", "must be a JSON object");
        }
        unknownFields(root, DOCUMENT_FIELDS, "Policy");
        String version = root.has("Version") ? text(root.get("Version"), "Version") : "2008-10-17";
        if (!VERSIONS.contains(version)) {
            throw new MalformedPolicyException("Version", "must be 2012-10-17 or 2008-10-17");
        }
        String id = root.has("Id") ? text(root.get("Id"), "Id") : null;
        JsonNode statement = root.get("Statement");
        if (statement == null || statement.isArray() && statement.isEmpty()) {
            throw new MalformedPolicyException("Statement", "is required and must not be empty");
        }
        List<PolicyStatement> statements = new ArrayList<>();
        if (statement.isArray()) {
            for (int i = 0; i < statement.size(); i++) {
                statements.add(statement(statement.get(i), "Statement[" + i + "]", kind));
            }
        } else {
            statements.add(statement(statement, "Statement", kind));
        }
        return new PolicyDocument(version, id, statements);
    }

    private static PolicyStatement statement(JsonNode node, String at, Kind kind) {
        if (!node.isObject()) {
            throw new MalformedPolicyException(at, "must be an object");
        }
        unknownFields(node, STATEMENT_FIELDS, at);
        String sid = node.has("Sid") ? text(node.get("Sid"), at + ".Sid") : null;
        Effect effect = effect(node.get("Effect"), at + ".Effect");
        String actionField = oneOf(node, at, "Action", "NotAction", true);
        List<String> actions = strings(node.get(actionField), at + "." + actionField);
        for (String action : actions) {
            if (!"*".equals(action) && !action.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) {
                throw new MalformedPolicyException(at + "." + actionField, "'" + action
                        + "' is not an action (service:Operation, wildcards * and ?)");
            }
        }
        String resourceField = oneOf(node, at, "Resource", "NotResource", kind == Kind.IDENTITY);
        List<String> resources = resourceField == null ? List.of()
                : strings(node.get(resourceField), at + "." + resourceField);
        for (String resource : resources) {
            if (!"*".equals(resource) && !resource.startsWith("arn:")) {
                throw new MalformedPolicyException(at + "." + resourceField, "'" + resource
                        + "' is neither * nor an ARN");
            }
        }
        String principalField = oneOf(node, at, "Principal", "NotPrincipal", kind == Kind.RESOURCE);
        if (kind == Kind.IDENTITY && principalField != null) {
            throw new MalformedPolicyException(at + "." + principalField,
                    "an identity-based policy cannot name a principal");
        }
        List<String> principals = principalField == null ? List.of()
                : principals(node.get(principalField), at + "." + principalField);
        List<ConditionClause> conditions = node.has("Condition")
                ? conditions(node.get("Condition"), at + ".Condition") : List.of();
        return new PolicyStatement(sid, effect, principals, "NotPrincipal".equals(principalField), actions,
                "NotAction".equals(actionField), resources, "NotResource".equals(resourceField), conditions);
    }

    private static Effect effect(JsonNode node, String at) {
        if (node == null) {
            throw new MalformedPolicyException(at, "is required");
        }
        return switch (text(node, at)) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw new MalformedPolicyException(at, "must be Allow or Deny");
        };
    }

    /** The one of two exclusive fields that is present; {@code null} when neither is and neither is required. */
    private static String oneOf(JsonNode node, String at, String field, String notField, boolean required) {
        if (node.has(field) && node.has(notField)) {
            throw new MalformedPolicyException(at, "has both " + field + " and " + notField);
        }
        if (node.has(field) || node.has(notField)) {
            return node.has(field) ? field : notField;
        }
        if (required) {
            throw new MalformedPolicyException(at, "needs " + field + " or " + notField);
        }
        return null;
    }

    private static List<String> principals(JsonNode node, String at) {
        if (node.isTextual()) {
            if (!"*".equals(node.asText())) {
                throw new MalformedPolicyException(at, "a principal given as a string must be *");
            }
            return List.of("*");
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedPolicyException(at, "must be * or an object such as {\"AWS\": [...]}");
        }
        List<String> principals = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> type = it.next();
            if (!Set.of("AWS", "Service").contains(type.getKey())) {
                throw new MalformedPolicyException(at + "." + type.getKey(), "unsupported principal type");
            }
            for (String principal : strings(type.getValue(), at + "." + type.getKey())) {
                if ("AWS".equals(type.getKey()) && !"*".equals(principal) && !principal.matches("\\d{12}")
                        && !principal.matches("arn:aws:iam::\\d{12}:(root|user/[\\w+=,.@/-]+)")) {
                    throw new MalformedPolicyException(at + ".AWS", "'" + principal
                            + "' is not *, an account ID or an IAM user or account ARN");
                }
                principals.add(principal);
            }
        }
        return principals;
    }

    private static List<ConditionClause> conditions(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new MalformedPolicyException(at, "must be an object of operators");
        }
        List<ConditionClause> clauses = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext();) {
            Map.Entry<String, JsonNode> op = ops.next();
            String opAt = at + "." + op.getKey();
            String name = op.getKey();
            SetQualifier qualifier = SetQualifier.NONE;
            for (SetQualifier q : SetQualifier.values()) {
                if (q != SetQualifier.NONE && name.startsWith(q.prefix)) {
                    qualifier = q;
                    name = name.substring(q.prefix.length());
                }
            }
            boolean ifExists = name.endsWith("IfExists");
            if (ifExists) {
                name = name.substring(0, name.length() - "IfExists".length());
            }
            ConditionOperator operator = ConditionOperator.named(name).orElseThrow(
                    () -> new MalformedPolicyException(opAt, "unknown condition operator"));
            if (operator == ConditionOperator.NULL && (ifExists || qualifier != SetQualifier.NONE)) {
                throw new MalformedPolicyException(opAt, "Null takes neither IfExists nor a set qualifier");
            }
            if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                throw new MalformedPolicyException(opAt, "must be an object of condition keys");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext();) {
                Map.Entry<String, JsonNode> key = keys.next();
                String keyAt = opAt + "." + key.getKey();
                if (!key.getKey().matches("[A-Za-z0-9-]+:.+")) {
                    throw new MalformedPolicyException(keyAt, "a condition key is service:name");
                }
                List<String> values = strings(key.getValue(), keyAt);
                for (String value : values) {
                    String invalid = operator.invalidPolicyValue(value);
                    if (invalid != null) {
                        throw new MalformedPolicyException(keyAt, "'" + value + "' " + invalid);
                    }
                }
                clauses.add(new ConditionClause(operator, qualifier, ifExists, key.getKey(), values));
            }
        }
        return clauses;
    }

    /** A string or an array of strings; numbers and booleans count as their text, as IAM accepts them. */
    private static List<String> strings(JsonNode node, String at) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw new MalformedPolicyException(at, "must not be empty");
            }
            node.forEach(v -> values.add(text(v, at)));
        } else {
            values.add(text(node, at));
        }
        return values;
    }

    private static String text(JsonNode node, String at) {
        if (!node.isTextual() && !node.isNumber() && !node.isBoolean()) {
            throw new MalformedPolicyException(at, "must be a string");
        }
        return node.asText();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new MalformedPolicyException(at + "." + name, "is not an element of the IAM policy grammar");
            }
        });
    }
}
