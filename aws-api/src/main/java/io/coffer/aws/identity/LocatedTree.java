package io.coffer.aws.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML or JSON document read into a tree that remembers the line of every field, so a validation error can say
 * where it is. Duplicate keys are refused: which of two values would win is exactly the ambiguity a policy file
 * must not have.
 */
record LocatedTree(JsonNode root, Map<String, Integer> lines) {

    static LocatedTree read(JsonParser parser) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        JsonToken first = parser.nextToken();
        if (first == null) {
            return new LocatedTree(JsonNodeFactory.instance.nullNode(), lines);
        }
        return new LocatedTree(value(parser, "", lines), lines);
    }

    /** The line of {@code path} or of its nearest enclosing field that has one; 0 when none does. */
    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 0;
    }

    private static JsonNode value(JsonParser parser, String path, Map<String, Integer> lines) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonToken token = parser.currentToken();
        lines.putIfAbsent(path, parser.currentLocation().getLineNr());
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String at = path.isEmpty() ? name : path + "." + name;
                    int line = parser.currentLocation().getLineNr();
                    if (object.has(name)) {
                        throw new IdentityFileException(line, at, "appears twice");
                    }
                    lines.put(at, line);
                    parser.nextToken();
                    object.set(name, value(parser, at, lines));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nodes.arrayNode();
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, path + "[" + i++ + "]", lines));
                }
                return array;
            }
            case VALUE_STRING:
                return nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // kept as text: account IDs and policy values are strings, whatever YAML thinks of them
                return nodes.textNode(parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new IdentityFileException(parser.currentLocation().getLineNr(), path,
                        "unexpected " + token);
        }
    }
}
