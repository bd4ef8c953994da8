package io.coffer.key.kms;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.kernel.AwsException;
import io.coffer.key.keys.KmsErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Grant tokens: opaque to callers, naming a grant's key and ID. Grants here are effective on every replica as soon
 * as CreateGrant answers, so a token is only checked for form; RetireGrant finds its grant by one.
 */
final class GrantTokens {

    private static final String PREFIX = "coffer-grant/v1:";
    private static final int MAX_TOKENS = 10;
    private static final int MAX_LENGTH = 8192;

    record GrantReference(String keyId, String grantId) {
    }

    private GrantTokens() {
    }

    static String of(String keyId, String grantId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (PREFIX + keyId + ":" + grantId).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws AwsException InvalidGrantTokenException if the token is not one CreateGrant made */
    static GrantReference parse(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = text.startsWith(PREFIX) ? text.substring(PREFIX.length()).split(":") : new String[0];
            if (parts.length == 2 && !parts[0].isEmpty() && parts[1].matches("[0-9a-f]{64}")) {
                return new GrantReference(parts[0], parts[1]);
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below like any other malformed token
        }
        throw invalid();
    }

    /** Checks a request's {@code GrantTokens} member: at most 10 tokens, each one CreateGrant made. */
    static void check(JsonNode tokens) {
        if (tokens.isMissingNode() || tokens.isNull()) {
            return;
        }
        if (!tokens.isArray() || tokens.size() > MAX_TOKENS) {
            throw KmsErrors.length("grantTokens", null, tokens.size(), 0, MAX_TOKENS);
        }
        for (JsonNode token : tokens) {
            if (!token.isTextual() || token.asText().isEmpty() || token.asText().length() > MAX_LENGTH) {
                throw invalid();
            }
            parse(token.asText());
        }
    }

    private static AwsException invalid() {
        return AwsException.client("InvalidGrantTokenException", "The grant token is not valid");
    }
}
