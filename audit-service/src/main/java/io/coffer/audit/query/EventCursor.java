package io.coffer.audit.query;

import io.coffer.kernel.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of newest-first results ended (the last record's event time and store position), bound to the
 * query that produced it: a token is refused with other filters. Opaque to clients.
 */
record EventCursor(Instant eventTime, long position, String queryHash) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (eventTime.getEpochSecond() + ":" + eventTime.getNano() + ":" + position + ":" + queryHash)
                        .getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws AwsException InvalidNextTokenException if the token was not made by {@link #encode} for this query */
    static EventCursor decode(String token, String queryHash) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 4 || !parts[3].equals(queryHash)) {
                throw new IllegalArgumentException("not a token of this query");
            }
            return new EventCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    Long.parseLong(parts[2]), queryHash);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw AwsException.client("InvalidNextTokenException",
                    "Invalid NextToken: it is valid only with the parameters of the call that returned it");
        }
    }
}
