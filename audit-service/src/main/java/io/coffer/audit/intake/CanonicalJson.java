package io.coffer.audit.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The one text form a record is stored and hashed in: object members sorted by name at every level, no
 * insignificant whitespace. Two records with the same content always have the same canonical form.
 */
final class CanonicalJson {

    private static final ObjectMapper WRITER = new ObjectMapper();

    private CanonicalJson() {
    }

    static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(sorted(node));
        } catch (Exception e) {
            throw new IllegalStateException("a JSON tree cannot be written", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                copy.set(name, sorted(node.get(name)));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
