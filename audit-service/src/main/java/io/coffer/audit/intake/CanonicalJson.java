package io.coffer.audit.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one text form a record is stored and hashed in: object members sorted by name at every level, no
 * insignificant whitespace. Two records with the same content always have the same canonical form.
 */
final class CanonicalJson {

    // a mapper's factory: its generators can write scalar nodes as they are
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private CanonicalJson() {
    }

    static String write(JsonNode node) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree cannot be written", e);
        }
        return out.toString();
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.writeStartObject();
            for (String name : names) {
                out.writeFieldName(name);
                write(node.get(name), out);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode element : node) {
                write(element, out);
            }
            out.writeEndArray();
        } else {
            // scalars write themselves exactly as the tree holds them
            out.writeTree(node);
        }
    }
}
