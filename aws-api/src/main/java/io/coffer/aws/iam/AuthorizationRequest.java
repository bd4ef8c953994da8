package io.coffer.aws.iam;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a policy is evaluated against: who asks for which action on which resource, and the request context the
 * conditions read. Condition key names are case-insensitive, as in IAM; their values are kept as given.
 *
 * @param principalArn     the IAM user's ARN, e.g. {@code arn:aws:iam::111122223333:user/alice}
 * @param principalAccount the user's account
 * @param action           {@code service:Operation}, e.g. {@code kms:Decrypt}
 * @param resource         the resource's ARN, or {@code *} for actions without one
 */
public record AuthorizationRequest(String principalArn, String principalAccount, String action, String resource,
        Map<String, List<String>> context) {

    public AuthorizationRequest {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        context.forEach((key, values) -> keys.put(key.toLowerCase(Locale.ROOT), List.copyOf(values)));
        context = Collections.unmodifiableMap(keys);
    }

    /** The values of a context key, or {@code null} when the request does not carry it. */
    public List<String> values(String key) {
        return context.get(key.toLowerCase(Locale.ROOT));
    }
}
