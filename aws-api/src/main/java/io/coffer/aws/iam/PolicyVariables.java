package io.coffer.aws.iam;

import java.util.List;

/** IAM policy variables: {@code ${aws:username}} in a Resource or a string condition takes the request's value. */
final class PolicyVariables {

    private PolicyVariables() {
    }

    /** The text with every {@code ${key}} replaced, or {@code null} when the request lacks one of the keys. */
    static String expand(String text, AuthorizationRequest request) {
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (start >= 0) {
            int end = text.indexOf('}', start);
            if (end < 0) {
                break;
            }
            List<String> values = request.values(text.substring(start + 2, end).trim());
            if (values == null || values.size() != 1) {
                return null;
            }
            out.append(text, from, start).append(values.get(0));
            from = end + 1;
            start = text.indexOf("${", from);
        }
        return out.append(text, from, text.length()).toString();
    }
}
