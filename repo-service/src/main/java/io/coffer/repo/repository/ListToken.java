package io.coffer.repo.repository;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** ListRepositories' continuation token: an offset, bound to the sort it was made for. Opaque to clients. */
public final class ListToken {

    private ListToken() {
    }

    public static String of(int offset, String query) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((offset + ":" + query).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws io.coffer.kernel.AwsException InvalidContinuationTokenException for any other token */
    public static int offset(String token, String query) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 2);
            if (parts.length != 2 || !parts[1].equals(query) || Integer.parseInt(parts[0]) < 0) {
                throw CodeCommitErrors.invalidContinuationToken();
            }
            return Integer.parseInt(parts[0]);
        } catch (IllegalArgumentException e) {
            throw CodeCommitErrors.invalidContinuationToken();
        }
    }
}
