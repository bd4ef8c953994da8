package io.coffer.aws.auth;

import io.coffer.aws.identity.Identities;
import io.coffer.aws.identity.IdentityConfig;
import io.coffer.kernel.Caller;
import io.coffer.kernel.Principal;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Authenticates HTTP requests of the public APIs with SigV4. */
@ApplicationScoped
public class RequestAuthenticator {

    /** Signed header naming the credential (access key or SSH public key ID) of the caller a service acts for. */
    public static final String ON_BEHALF_OF = "x-coffer-on-behalf-of";
    /** Signed header naming the acting service, as CloudTrail's {@code invokedBy}. */
    public static final String INVOKED_BY = "x-coffer-invoked-by";
    /** Signed header carrying the original caller's source IP. */
    public static final String CALLER_SOURCE_IP = "x-coffer-caller-source-ip";

    private final SigV4Verifier verifier;
    private final CredentialStore credentials;
    private final Identities identities;

    public RequestAuthenticator(CredentialStore credentials, Identities identities, IdentityConfig config) {
        this.verifier = new SigV4Verifier(credentials, Clock.systemUTC(), config.regions());
        this.credentials = credentials;
        this.identities = identities;
    }

    /**
     * @param services the SigV4 signing names the endpoint accepts
     * @throws AuthenticationException when the signature is missing or wrong
     */
    public Caller authenticate(HttpServerRequest http, byte[] body, Set<String> services) {
        return onBehalf(verifier.verify(signedRequest(http, body), services), http);
    }

    /**
     * Authenticates a request whose body is streamed to the handler, so it cannot be hashed first: the signer must
     * have signed {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}.
     */
    public Caller authenticateStreaming(HttpServerRequest http, Set<String> services) {
        return onBehalf(verifier.verify(signedRequest(http, null), services), http);
    }

    /**
     * Forward access: a service principal acts only for a user. It names the user's access key, the service the
     * call came through and the user's source IP in signed headers, and the call is then the user's,
     * {@code invokedBy} that service. A user setting those headers is refused, so nobody can impersonate another;
     * a service principal without them is refused too, as it has no rights of its own.
     */
    private Caller onBehalf(SigV4Verifier.Verified verified, HttpServerRequest http) {
        Caller signer = verified.caller();
        String onBehalfOf = http.getHeader(ON_BEHALF_OF);
        if (verified.service() == null) {
            if (onBehalfOf != null || http.getHeader(INVOKED_BY) != null) {
                throw AuthenticationException.accessDenied("Only a service principal may call on behalf of another "
                        + "caller");
            }
            return signer;
        }
        List<String> signed = verified.signedHeaders();
        String invokedBy = http.getHeader(INVOKED_BY);
        if (onBehalfOf == null || invokedBy == null || !signed.contains(ON_BEHALF_OF) || !signed.contains(INVOKED_BY)
                || !identities.current().services().containsKey(invokedBy)) {
            throw AuthenticationException.accessDenied("Service principal " + verified.service() + " may only call "
                    + "on behalf of a user, naming a known service in signed headers " + ON_BEHALF_OF + " and "
                    + INVOKED_BY);
        }
        Principal caller = credentials.principal(onBehalfOf).orElseThrow(AuthenticationException::unrecognizedClient);
        String sourceIp = http.getHeader(CALLER_SOURCE_IP);
        return new Caller(caller, signer.region(), signer.service(),
                sourceIp != null && signed.contains(CALLER_SOURCE_IP) ? sourceIp : signer.sourceIp(),
                signer.userAgent(), signer.requestId(), invokedBy);
    }

    static SignedRequest signedRequest(HttpServerRequest http, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : http.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.getValue());
        }
        if (!headers.containsKey("host") && http.authority() != null) {
            // HTTP/2 carries the host in the :authority pseudo-header, which SigV4 signs as "host"
            headers.put("host", List.of(http.authority().toString()));
        }
        String sourceIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return new SignedRequest(http.method().name(), http.path(), http.query(), headers, body, sourceIp);
    }
}
