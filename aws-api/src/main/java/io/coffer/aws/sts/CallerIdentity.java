package io.coffer.aws.sts;

import io.coffer.aws.auth.RequestAuthenticator;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * STS's {@code GetCallerIdentity} (AWS Query protocol, signed for {@code sts}) on every service's endpoint: the one
 * STS call tools make before anything else ({@code aws sts get-caller-identity}, suites that learn their account and
 * ARN), so they work with one endpoint URL. Like AWS, it needs no permission; any other STS action is
 * {@code InvalidAction}.
 */
@ApplicationScoped
public class CallerIdentity {

    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String XML = "text/xml";

    private final RequestAuthenticator authenticator;

    public CallerIdentity(RequestAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Whether the request is in the Query protocol (a form body and no {@code X-Amz-Target}), as STS calls are. */
    public static boolean isQuery(HttpServerRequest http, String target) {
        String type = http.getHeader("Content-Type");
        return target == null && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The answer to a Query-protocol request, success or error, in STS's XML. */
    public Response answer(HttpServerRequest http, byte[] body) {
        String requestId = UUID.randomUUID().toString();
        try {
            Caller caller = authenticator.authenticate(http, body, Set.of("sts"));
            requestId = caller.requestId();
            String action = form(body).get("Action");
            if (!"GetCallerIdentity".equals(action)) {
                throw AwsException.client("InvalidAction", "Could not find operation " + action
                        + " for version 2011-06-15");
            }
            return Response.ok("<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\"><GetCallerIdentityResult>"
                    + "<Arn>" + escape(caller.principal().arn()) + "</Arn>"
                    + "<UserId>" + userId(caller.principal().arn()) + "</UserId>"
                    + "<Account>" + escape(caller.accountId()) + "</Account>"
                    + "</GetCallerIdentityResult><ResponseMetadata><RequestId>" + requestId
                    + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>", XML)
                    .header("x-amzn-RequestId", requestId).build();
        } catch (AwsException e) {
            return Response.status(e.status()).type(XML).header("x-amzn-RequestId", requestId)
                    .entity("<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>"
                            + (e.status() < 500 ? "Sender" : "Receiver") + "</Type><Code>" + escape(e.errorType())
                            + "</Code><Message>" + escape(e.getMessage() == null ? "" : e.getMessage())
                            + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>")
                    .build();
        }
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                try {
                    fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw AwsException.client("MalformedQueryString", "The form body is not URL-encoded");
                }
            }
        }
        return fields;
    }

    /**
     * An IAM user's unique ID in AWS's form ({@code AIDA} and 17 characters): identities here have none of their own,
     * so it is derived from the user's ARN, the same on every call and every replica.
     */
    private static String userId(String arn) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder id = new StringBuilder("AIDA");
            for (int i = 0; i < 17; i++) {
                id.append(alphabet.charAt((hash[i] & 0xff) % alphabet.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
