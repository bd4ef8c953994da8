package io.coffer.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.kernel.AwsException;
import java.util.Iterator;
import java.util.Map;

/**
 * Refuses the strings of a request no store can keep as given: text that is not well-formed UTF-16 (a lone
 * surrogate, which the JSON escape {@code \ud800} or CESU-8 bytes can carry, and which every encoder downstream would
 * otherwise replace by {@code ?}, making it equal to another string), and the NUL character, which PostgreSQL text
 * cannot hold. Member names are checked as values are: both reach stores and policies.
 */
public final class RequestStrings {

    private RequestStrings() {
    }

    /**
     * @throws AwsException {@code SerializationException} for invalid UTF-16, {@code ValidationException} for NUL,
     *                      naming the member at fault
     */
    public static void check(JsonNode request) {
        check(request, "");
    }

    private static void check(JsonNode node, String path) {
        if (node.isTextual()) {
            checkText(node.textValue(), path);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String member = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                checkText(field.getKey(), member);
                check(field.getValue(), member);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /**
     * The same check for one string a caller sent outside a JSON body (a query parameter, a path segment).
     *
     * @param member where the text stands, for the message; it is printed only once it is known valid
     */
    public static void checkText(String text, String member) {
        int bad = firstInvalidUtf16(text);
        if (bad >= 0) {
            throw AwsException.client("SerializationException", "Request body is not valid Unicode: a member "
                    + "holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(text.charAt(bad)) + ")");
        }
        if (text.indexOf('\0') >= 0) {
            String at = member.length() <= 128 && firstInvalidUtf16(member) < 0 && member.indexOf('\0') < 0
                    ? member : "a member";
            throw AwsException.client("ValidationException", "1 validation error detected: Value at '" + at
                    + "' failed to satisfy constraint: Member must not contain the NUL character (U+0000)");
        }
    }

    /** The index of the first char that is half of no surrogate pair, or -1 when the text is well-formed UTF-16. */
    public static int firstInvalidUtf16(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
