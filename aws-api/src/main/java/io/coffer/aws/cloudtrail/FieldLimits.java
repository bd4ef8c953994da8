package io.coffer.aws.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * CloudTrail's field limits, applied to what a caller sent before it goes on the trail: a record must fit in one
 * Kafka message and in the audit store whatever the request held. Text is made storable (NUL and lone surrogates
 * become U+FFFD; the call that sent them was refused for them, and its record must still be kept), and a field over
 * its limit is cut, as CloudTrail cuts it, which the record states with {@code "omitted": true}.
 */
final class FieldLimits {

    /** requestParameters and responseElements, as CloudTrail limits them. */
    static final int STRUCTURE_BYTES = 100 * 1024;
    /** additionalEventData. */
    static final int ADDITIONAL_BYTES = 28 * 1024;
    /** userAgent, errorMessage and the like, in chars. */
    static final int TEXT_CHARS = 1024;
    private static final char REPLACEMENT = '\uFFFD';
    private static final String CUT = "...";

    private FieldLimits() {
    }

    /** A structure within {@code maxBytes} of JSON, or {@code null} when even cut strings do not fit. */
    static Bounded structure(JsonNode node, int maxBytes) {
        if (node == null || node.isNull()) {
            return new Bounded(NullNode.getInstance(), false);
        }
        long size = size(node);
        if (size >= 0 && size <= maxBytes) {
            // the common case, on every call's path: nothing to clean or cut, so no copy
            return new Bounded(node, false);
        }
        if (size < 0) {
            JsonNode clean = copy(node, Integer.MAX_VALUE);
            if (size(clean) <= maxBytes) {
                return new Bounded(clean, false);
            }
        }
        JsonNode cut = copy(node, TEXT_CHARS);
        return size(cut) <= maxBytes ? new Bounded(cut, true) : new Bounded(NullNode.getInstance(), true);
    }

    /** @param omitted whether the field was cut to fit */
    record Bounded(JsonNode value, boolean omitted) {
    }

    /** Storable text of at most {@link #TEXT_CHARS} chars, or {@code null}. */
    static String text(String text) {
        return text == null ? null : clean(text, TEXT_CHARS);
    }

    static boolean cut(String text) {
        return text != null && text.length() > TEXT_CHARS;
    }

    private static JsonNode copy(JsonNode node, int maxChars) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(clean(node.textValue(), maxChars));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(clean(field.getKey(), maxChars), copy(field.getValue(), maxChars));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(copy(element, maxChars)));
            return copy;
        }
        return node.deepCopy();
    }

    private static String clean(String text, int maxChars) {
        boolean sound = text.length() <= maxChars && text.indexOf('\0') < 0;
        for (int i = 0; sound && i < text.length(); i++) {
            sound = !Character.isSurrogate(text.charAt(i));
        }
        if (sound) {
            return text;
        }
        int end = Math.min(text.length(), maxChars);
        StringBuilder out = new StringBuilder(end + CUT.length());
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == '\0' || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return end < text.length() ? out.append(CUT).toString() : out.toString();
    }

    /** The JSON text's length in UTF-8 bytes, escapes counted; -1 if some text is not storable as it is. */
    static long size(JsonNode node) {
        if (node.isTextual()) {
            return textSize(node.textValue());
        }
        if (node.isObject()) {
            long size = 2;
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                long key = textSize(field.getKey());
                long value = size(field.getValue());
                if (key < 0 || value < 0) {
                    return -1;
                }
                size += key + 2 + value;
            }
            return size;
        }
        if (node.isArray()) {
            long size = 2;
            for (JsonNode element : node) {
                long value = size(element);
                if (value < 0) {
                    return -1;
                }
                size += value + 1;
            }
            return size;
        }
        return node.toString().length();
    }

    /** A string's JSON length in UTF-8 bytes, or -1 if it holds NUL or half of a surrogate pair. */
    private static long textSize(String text) {
        long size = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return -1;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                size += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return -1;
            } else {
                size += c < 0x20 ? 6 : c == '"' || c == '\\' ? 2 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return size;
    }
}
