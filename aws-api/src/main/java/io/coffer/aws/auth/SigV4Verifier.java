package io.coffer.aws.auth;

import io.coffer.aws.auth.CredentialStore.AccessKey;
import io.coffer.aws.identity.IdentityDirectory;
import io.coffer.kernel.Caller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Verifies AWS Signature Version 4 on a request, in the Authorization-header form and in the presigned query form.
 * The expected signature is recomputed from the request as received (raw path and query, the headers the client
 * listed as signed, the SHA-256 of the body), so any change to a signed part fails verification. Requests dated more
 * than five minutes from now, or presigned URLs past their expiry, are refused.
 */
public class SigV4Verifier {

    private static final Logger LOG = Logger.getLogger(SigV4Verifier.class);

    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final long MAX_PRESIGN_SECONDS = 604_800;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    /** The form of an AWS region name; nothing else may reach an ARN through a credential scope. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    /** A run of whitespace inside a header value, which SigV4 canonicalises as one space (compiled once: hot path). */
    private static final Pattern INNER_SPACE = Pattern.compile("\\s+");

    /** Signing keys derived lately; each is good for one day, region and service, as AWS's own clients cache them. */
    private static final int MAX_SIGNING_KEYS = 10_000;

    private final CredentialStore credentials;
    private final Clock clock;
    private final Set<String> regions;
    private final ConcurrentHashMap<SigningScope, byte[]> signingKeys = new ConcurrentHashMap<>();

    /** The secret object itself is part of the key: a reloaded or rotated secret never meets a stale signing key. */
    private record SigningScope(IdentityDirectory.SecretAccessKey secret, String date, String region, String service) {
    }

    /** @param regions the regions this deployment serves; each must look like an AWS region name */
    public SigV4Verifier(CredentialStore credentials, Clock clock, Set<String> regions) {
        for (String region : regions) {
            if (!REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("'" + region + "' is not a region name (such as us-east-1)");
            }
        }
        this.credentials = credentials;
        this.clock = clock;
        this.regions = Set.copyOf(regions);
    }

    /**
     * @param services the signing names this endpoint answers to (e.g. {@code kms}); the credential scope must name one
     * @return the authenticated caller and the headers the signature covers
     * @throws AuthenticationException if the request is unsigned, malformed, expired or signed incorrectly
     */
    public Verified verify(SignedRequest request, Set<String> services) {
        Map<String, String> query = decodeQuery(request.rawQuery());
        Parts parts = query.containsKey("X-Amz-Algorithm") ? presignedParts(query) : headerParts(request);
        Instant signedAt = parseAmzDate(parts.amzDate);
        checkScope(parts, services);
        checkTime(signedAt, parts.expiresSeconds);
        if (request.header("x-amz-security-token") != null || query.containsKey("X-Amz-Security-Token")) {
            throw AuthenticationException.unrecognizedClient();
        }
        AccessKey key = credentials.find(parts.accessKeyId).orElseThrow(AuthenticationException::unrecognizedClient);

        String canonicalHeaders = canonicalHeaders(request, parts.signedHeaders);
        List<String> payloadHashes = new ArrayList<>(2);
        if (request.streamed()) {
            // a streamed body cannot be hashed before it is read; the signer must say so in a signed header
            if (!UNSIGNED_PAYLOAD.equals(request.header("x-amz-content-sha256"))
                    || !parts.signedHeaders.contains("x-amz-content-sha256")) {
                throw AuthenticationException.incomplete("A streamed body must be signed with a signed "
                        + "'x-amz-content-sha256: " + UNSIGNED_PAYLOAD + "' header.");
            }
            payloadHashes.add(UNSIGNED_PAYLOAD);
        } else {
            payloadHashes.add(SigV4.sha256Hex(request.body()));
            if (parts.expiresSeconds > 0) {
                payloadHashes.add(UNSIGNED_PAYLOAD);
            }
        }
        String canonicalQuery = canonicalQuery(request.rawQuery());
        boolean signed = signs(request, parts, key, canonicalQuery, canonicalHeaders, payloadHashes);
        if (!signed && request.rawQuery() != null && request.rawQuery().contains("&")) {
            // SigV4 sorts the parameters; curl before 8.0 signs them in the order it sends them, which binds them
            // as tightly, so that form is accepted too (only once the sorted one failed, and only if it differs)
            String sentOrderQuery = canonicalQuery(request.rawQuery(), false);
            signed = !sentOrderQuery.equals(canonicalQuery)
                    && signs(request, parts, key, sentOrderQuery, canonicalHeaders, payloadHashes);
        }
        if (signed) {
            return new Verified(new Caller(key.principal(), parts.region, parts.service, request.sourceIp(),
                    request.header("user-agent"), UUID.randomUUID().toString(), null), parts.signedHeaders,
                    key.service());
        }
        if (LOG.isDebugEnabled()) {
            // the canonical request holds no secret; it is what a client needs to find its signing mistake
            LOG.debugf("Signature mismatch for %s; canonical headers:%n%s", parts.accessKeyId, canonicalHeaders);
        }
        throw AuthenticationException.invalid(AuthenticationException.SIGNATURE_MISMATCH);
    }

    /** Whether the request's signature is the one {@code key} makes over this canonical request. */
    private boolean signs(SignedRequest request, Parts parts, AccessKey key, String canonicalQuery,
            String canonicalHeaders, List<String> payloadHashes) {
        String scope = SigV4.scope(parts.date, parts.region, parts.service);
        for (String payloadHash : payloadHashes) {
            String canonicalRequest = request.method() + "\n" + canonicalUri(request.rawPath()) + "\n"
                    + canonicalQuery + "\n" + canonicalHeaders + "\n" + String.join(";", parts.signedHeaders)
                    + "\n" + payloadHash;
            String expected = SigV4.signature(signingKey(key, parts),
                    SigV4.stringToSign(parts.amzDate, scope, canonicalRequest));
            if (SigV4.matches(expected, parts.signature)) {
                return true;
            }
        }
        return false;
    }

    private byte[] signingKey(AccessKey key, Parts parts) {
        SigningScope scope = new SigningScope(key.secret(), parts.date, parts.region, parts.service);
        byte[] cached = signingKeys.get(scope);
        if (cached != null) {
            return cached;
        }
        if (signingKeys.size() >= MAX_SIGNING_KEYS) {
            // not zeroed: a concurrent verification may still hold one; the GC reclaims them
            signingKeys.clear();
        }
        byte[] derived = SigV4.signingKey(key.secret().reveal(), parts.date, parts.region, parts.service);
        byte[] raced = signingKeys.putIfAbsent(scope, derived);
        return raced != null ? raced : derived;
    }

    /**
     * A verified request: who signed it, and the (lower-case) names of the headers the signature covers.
     *
     * @param caller  the signing user; its principal is {@code null} when a service principal signed
     * @param service the service principal that signed, or {@code null} when a user did
     */
    public record Verified(Caller caller, List<String> signedHeaders, String service) {
    }

    private record Parts(String accessKeyId, String date, String region, String service, String amzDate,
            List<String> signedHeaders, String signature, long expiresSeconds) {
    }

    private static Parts headerParts(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw AuthenticationException.missingToken();
        }
        if (!authorization.startsWith(SigV4.ALGORITHM + " ")) {
            throw AuthenticationException.incomplete("Unsupported authorization type; only " + SigV4.ALGORITHM
                    + " is accepted.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : authorization.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                fields.put(field.substring(0, eq).trim(), field.substring(eq + 1).trim());
            }
        }
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (!fields.containsKey(required) || fields.get(required).isEmpty()) {
                throw AuthenticationException.incomplete(
                        "Authorization header requires '" + required + "' parameter. Authorization=" + SigV4.ALGORITHM);
            }
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw AuthenticationException.incomplete(
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        return parts(fields.get("Credential"), amzDate, fields.get("SignedHeaders"), fields.get("Signature"), 0);
    }

    private static Parts presignedParts(Map<String, String> query) {
        if (!SigV4.ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            throw AuthenticationException.incomplete("X-Amz-Algorithm only supports " + SigV4.ALGORITHM);
        }
        for (String required : List.of("X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature",
                "X-Amz-Expires")) {
            if (query.get(required) == null || query.get(required).isEmpty()) {
                throw AuthenticationException.incomplete("AWS query-string parameters must include '" + required + "'.");
            }
        }
        long expires;
        try {
            expires = Long.parseLong(query.get("X-Amz-Expires"));
        } catch (NumberFormatException e) {
            throw AuthenticationException.incomplete("X-Amz-Expires should be a number");
        }
        if (expires < 1 || expires > MAX_PRESIGN_SECONDS) {
            throw AuthenticationException.incomplete("X-Amz-Expires must be between 1 and " + MAX_PRESIGN_SECONDS);
        }
        return parts(query.get("X-Amz-Credential"), query.get("X-Amz-Date"), query.get("X-Amz-SignedHeaders"),
                query.get("X-Amz-Signature"), expires);
    }

    private static Parts parts(String credential, String amzDate, String signedHeaders, String signature,
            long expires) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty() || !"aws4_request".equals(scope[4])) {
            throw AuthenticationException.incomplete("Credential should be of the form "
                    + "<access key>/<yyyyMMdd>/<region>/<service>/aws4_request; got '" + redact(credential) + "'");
        }
        List<String> headers = List.of(signedHeaders.split(";"));
        if (!headers.contains("host")) {
            throw AuthenticationException.invalid("'Host' must be a signed header.");
        }
        return new Parts(scope[0], scope[1], scope[2], scope[3], amzDate, headers, signature, expires);
    }

    private static String redact(String credential) {
        int slash = credential.indexOf('/');
        return slash < 0 ? "..." : "..." + credential.substring(slash);
    }

    private static Instant parseAmzDate(String amzDate) {
        try {
            return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw AuthenticationException.incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private void checkScope(Parts parts, Set<String> services) {
        if (!parts.amzDate.startsWith(parts.date)) {
            throw AuthenticationException.invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    + "version of date from HTTP: '" + parts.date + "' != '" + parts.amzDate.substring(0, 8) + "'");
        }
        if (!services.contains(parts.service)) {
            throw AuthenticationException.invalid("Credential should be scoped to correct service: '"
                    + services.iterator().next() + "'.");
        }
        if (!regions.contains(parts.region)) {
            // as AWS answers a region it does not serve; the name is echoed only if it could be one
            throw AuthenticationException.invalid(REGION.matcher(parts.region).matches()
                    ? "Credential should be scoped to a valid region, not '" + parts.region + "'."
                    : "Credential should be scoped to a valid region.");
        }
    }

    private void checkTime(Instant signedAt, long expiresSeconds) {
        Instant now = clock.instant();
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw AuthenticationException.invalid("Signature not yet current: " + AMZ_DATE.format(at(signedAt))
                    + " is still later than " + AMZ_DATE.format(at(now.plus(MAX_SKEW))) + " ("
                    + AMZ_DATE.format(at(now)) + " + 5 min.)");
        }
        if (expiresSeconds > 0) {
            if (now.isAfter(signedAt.plusSeconds(expiresSeconds))) {
                throw AuthenticationException.invalid("Signature expired: the presigned request expired at "
                        + AMZ_DATE.format(at(signedAt.plusSeconds(expiresSeconds))));
            }
        } else if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw AuthenticationException.invalid("Signature expired: " + AMZ_DATE.format(at(signedAt))
                    + " is now earlier than " + AMZ_DATE.format(at(now.minus(MAX_SKEW))) + " ("
                    + AMZ_DATE.format(at(now)) + " - 5 min.)");
        }
    }

    private static LocalDateTime at(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The path as the AWS SDKs canonicalize it for every service but S3: the wire path, URI-encoded once more. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return encode(rawPath, true);
    }

    /** The canonical query string of SigV4: each parameter URI-encoded once, sorted by name, then by value. */
    static String canonicalQuery(String rawQuery) {
        return canonicalQuery(rawQuery, true);
    }

    private static String canonicalQuery(String rawQuery, boolean sorted) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            if (!"X-Amz-Signature".equals(name)) {
                pairs.add(new String[] {encode(name, false), encode(value, false)});
            }
        }
        if (sorted) {
            pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        }
        return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    private static String canonicalHeaders(SignedRequest request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            out.append(name).append(':');
            List<String> values = request.headerValues(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(INNER_SPACE.matcher(values.get(i).trim()).replaceAll(" "));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static Map<String, String> decodeQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.putIfAbsent(percentDecode(pair.substring(0, eq)), percentDecode(pair.substring(eq + 1)));
                }
            }
        }
        return params;
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters (and '/', if asked). */
    static String encode(String value, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** Decodes %XX escapes only; unlike form decoding, '+' stays '+', as the SDKs encode a space as %20. */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            int c = value.codePointAt(i);
            if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0 && Character.digit(value.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(c) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
