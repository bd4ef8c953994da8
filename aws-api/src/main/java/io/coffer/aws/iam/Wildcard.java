package io.coffer.aws.iam;

import java.util.Locale;

/**
 * IAM's wildcards: {@code *} matches any run of characters (also none), {@code ?} exactly one; everything else
 * literally. Matching is iterative with one backtrack point, so hostile patterns cannot take exponential time.
 */
public final class Wildcard {

    private Wildcard() {
    }

    public static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    public static boolean matchesIgnoreCase(String pattern, String value) {
        return matches(pattern.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
    }
}
