package io.coffer.aws.auth;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as it arrived on the wire, which is what a SigV4 signature covers: the raw (still percent-encoded)
 * path and query, the headers and the body.
 *
 * @param headers header values by name; looked up case-insensitively
 * @param body the body, or {@code null} for a streamed body that is not hashed: such a request must declare
 *     {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} in a signed header
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
        byte[] body, String sourceIp) {

    public SignedRequest {
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = caseInsensitive;
    }

    public boolean streamed() {
        return body == null;
    }

    /** All values of a header, or an empty list. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
