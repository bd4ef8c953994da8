package io.coffer.aws.iam;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The IAM condition operators. Each compares one value from the request with one value from the policy; a negated
 * operator ({@code StringNotEquals}, {@code NotIpAddress} …) holds when its positive form matches none of the
 * policy's values. {@code Null} is handled by {@link ConditionClause}, as it tests presence, not values.
 */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", false, String::equals),
    STRING_NOT_EQUALS("StringNotEquals", true, String::equals),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, String::equalsIgnoreCase),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, String::equalsIgnoreCase),
    STRING_LIKE("StringLike", false, Wildcard::matches),
    STRING_NOT_LIKE("StringNotLike", true, Wildcard::matches),
    NUMERIC_EQUALS("NumericEquals", false, (p, r) -> numeric(p, r, c -> c == 0)),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, (p, r) -> numeric(p, r, c -> c == 0)),
    NUMERIC_LESS_THAN("NumericLessThan", false, (p, r) -> numeric(p, r, c -> c < 0)),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, (p, r) -> numeric(p, r, c -> c <= 0)),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, (p, r) -> numeric(p, r, c -> c > 0)),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, (p, r) -> numeric(p, r, c -> c >= 0)),
    DATE_EQUALS("DateEquals", false, (p, r) -> date(p, r, c -> c == 0)),
    DATE_NOT_EQUALS("DateNotEquals", true, (p, r) -> date(p, r, c -> c == 0)),
    DATE_LESS_THAN("DateLessThan", false, (p, r) -> date(p, r, c -> c < 0)),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, (p, r) -> date(p, r, c -> c <= 0)),
    DATE_GREATER_THAN("DateGreaterThan", false, (p, r) -> date(p, r, c -> c > 0)),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, (p, r) -> date(p, r, c -> c >= 0)),
    BOOL("Bool", false, (p, r) -> isBoolean(p) && p.equalsIgnoreCase(r)),
    BINARY_EQUALS("BinaryEquals", false, ConditionOperator::binaryEquals),
    IP_ADDRESS("IpAddress", false, ConditionOperator::inRange),
    NOT_IP_ADDRESS("NotIpAddress", true, ConditionOperator::inRange),
    ARN_EQUALS("ArnEquals", false, (p, r) -> arnMatches(p, r, false)),
    ARN_NOT_EQUALS("ArnNotEquals", true, (p, r) -> arnMatches(p, r, false)),
    ARN_LIKE("ArnLike", false, (p, r) -> arnMatches(p, r, true)),
    ARN_NOT_LIKE("ArnNotLike", true, (p, r) -> arnMatches(p, r, true)),
    NULL("Null", false, (p, r) -> false);

    /** Compares a policy value with a request value. */
    @FunctionalInterface
    interface ValueMatch {
        boolean matches(String policyValue, String requestValue);
    }

    private interface Comparison {
        boolean holds(int compared);
    }

    private final String jsonName;
    private final boolean negated;
    private final ValueMatch match;

    ConditionOperator(String jsonName, boolean negated, ValueMatch match) {
        this.jsonName = jsonName;
        this.negated = negated;
        this.match = match;
    }

    public String jsonName() {
        return jsonName;
    }

    public boolean negated() {
        return negated;
    }

    /** Whether the positive form of this operator matches: the caller negates for negated operators. */
    boolean positiveMatch(String policyValue, String requestValue) {
        return match.matches(policyValue, requestValue);
    }

    /** Whether policy variables ({@code ${aws:username}}) are expanded in this operator's values. */
    boolean expandsVariables() {
        return name().startsWith("STRING") || name().startsWith("ARN");
    }

    public static Optional<ConditionOperator> named(String name) {
        for (ConditionOperator operator : values()) {
            if (operator.jsonName.equals(name)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    /** A policy value this operator can never compare (a malformed number, date, address …), or null if fine. */
    String invalidPolicyValue(String value) {
        return switch (this) {
            case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS,
                    NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS -> number(value) == null ? "not a number" : null;
            case DATE_EQUALS, DATE_NOT_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN,
                    DATE_GREATER_THAN_EQUALS -> instant(value) == null ? "not an ISO 8601 date or epoch seconds" : null;
            case BOOL, NULL -> isBoolean(value) ? null : "must be true or false";
            case IP_ADDRESS, NOT_IP_ADDRESS -> Cidr.parse(value) == null ? "not an IP address or CIDR range" : null;
            case BINARY_EQUALS -> decode(value) == null ? "not base64" : null;
            default -> null;
        };
    }

    private static boolean isBoolean(String value) {
        return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
    }

    private static boolean numeric(String policy, String request, Comparison comparison) {
        BigDecimal p = number(policy);
        BigDecimal r = number(request);
        return p != null && r != null && comparison.holds(r.compareTo(p));
    }

    private static BigDecimal number(String value) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean date(String policy, String request, Comparison comparison) {
        Instant p = instant(policy);
        Instant r = instant(request);
        return p != null && r != null && comparison.holds(r.compareTo(p));
    }

    private static Instant instant(String value) {
        String v = value.trim();
        if (v.matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(v));
        }
        List<Function<String, Instant>> formats = List.of(s -> OffsetDateTime.parse(s).toInstant(), Instant::parse,
                s -> LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
        for (Function<String, Instant> format : formats) {
            try {
                return format.apply(v);
            } catch (DateTimeParseException e) {
                // the next format may fit
            }
        }
        return null;
    }

    private static boolean binaryEquals(String policy, String request) {
        byte[] p = decode(policy);
        byte[] r = decode(request);
        return p != null && r != null && MessageDigest.isEqual(p, r);
    }

    private static byte[] decode(String value) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean inRange(String policy, String request) {
        Cidr range = Cidr.parse(policy);
        return range != null && range.contains(request);
    }

    /** ArnEquals/ArnLike compare the six colon-separated parts one by one; a wildcard never spans a colon. */
    private static boolean arnMatches(String policy, String request, boolean wildcards) {
        String[] p = policy.split(":", 6);
        String[] r = request.split(":", 6);
        if (p.length != 6 || r.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!(wildcards ? Wildcard.matches(p[i], r[i]) : p[i].equals(r[i]))) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 or IPv6 address range in CIDR notation (a bare address is a /32 or /128). */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String value) {
            String v = value.trim();
            int slash = v.indexOf('/');
            String address = slash < 0 ? v : v.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                return null;
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(v.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    return null;
                }
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(String address) {
            byte[] candidate = literal(address.trim());
            if (candidate == null || candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** Only IP literals: never a host name, so parsing cannot trigger a DNS lookup. */
        private static byte[] literal(String address) {
            if (address.isEmpty() || !address.toLowerCase(Locale.ROOT).matches("[0-9a-f:.]+")
                    || !address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                return null;
            }
            try {
                return InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
