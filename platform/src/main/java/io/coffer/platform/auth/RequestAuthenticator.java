package io.coffer.platform.auth;

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

    private final SigV4Verifier verifier;

    public RequestAuthenticator(CredentialStore credentials) {
        this.verifier = new SigV4Verifier(credentials, Clock.systemUTC());
    }

    /**
     * @param services the SigV4 signing names the endpoint accepts
     * @throws AuthenticationException when the signature is missing or wrong
     */
    public Caller authenticate(HttpServerRequest http, byte[] body, Set<String> services) {
        return verifier.verify(signedRequest(http, body), services);
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
