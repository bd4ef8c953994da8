package io.coffer.audit.query;

import io.coffer.platform.aws.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Where a page of newest-first results ended: the last record's event time and store position. Opaque to clients. */
record EventCursor(Instant eventTime, long position) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((eventTime.toEpochMilli() + ":" + position).getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws AwsException InvalidNextTokenException if the token was not made by {@link #encode} */
    static EventCursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            return new EventCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), Long.parseLong(parts[1]));
        } catch (IllegalArgumentException e) {
            throw AwsException.client("InvalidNextTokenException", "Invalid NextToken");
        }
    }
}
