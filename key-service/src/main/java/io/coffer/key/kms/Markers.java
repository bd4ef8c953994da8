package io.coffer.key.kms;

import io.coffer.key.keys.KmsErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** KMS paging: Limit, an opaque Marker, and NextMarker/Truncated in the response. */
final class Markers {

    private Markers() {
    }

    /** A page of {@code all}: the items, and the marker of the next page or null. */
    record Page<T>(List<T> items, String nextMarker) {
        boolean truncated() {
            return nextMarker != null;
        }
    }

    static <T> Page<T> page(List<T> all, Integer limit, String marker, int defaultLimit, int maxLimit) {
        int size = limit == null ? defaultLimit : limit;
        if (size < 1 || size > maxLimit) {
            throw KmsErrors.range("limit", size, 1, maxLimit);
        }
        int from = marker == null ? 0 : decode(marker);
        if (from > all.size()) {
            throw KmsErrors.invalidMarker();
        }
        int to = Math.min(all.size(), from + size);
        return new Page<>(all.subList(from, to), to < all.size() ? encode(to) : null);
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String marker) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (!text.startsWith("o:")) {
                throw KmsErrors.invalidMarker();
            }
            int offset = Integer.parseInt(text.substring(2));
            if (offset < 0) {
                throw KmsErrors.invalidMarker();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw KmsErrors.invalidMarker();
        }
    }
}
