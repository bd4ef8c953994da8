package io.coffer.audit.query;

import io.coffer.aws.auth.RequestAuthenticator;
import io.coffer.aws.identity.Authorizer;
import io.coffer.kernel.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Who may read the audit trail over the plain HTTP APIs: a SigV4-signed caller (signing name {@code cloudtrail})
 * whose policies allow {@code cloudtrail:LookupEvents}, the action that reads the same records over CloudTrail's API.
 */
@ApplicationScoped
public class AuditReaders {

    static final String READ_ACTION = "cloudtrail:LookupEvents";

    private final RequestAuthenticator authenticator;
    private final Authorizer authorizer;

    public AuditReaders(RequestAuthenticator authenticator, Authorizer authorizer) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    /**
     * @throws io.coffer.aws.auth.AuthenticationException when the request is not signed correctly
     * @throws io.coffer.aws.iam.AccessDeniedException     when the caller may not read the trail
     */
    public Caller reader(HttpServerRequest http) {
        Caller caller = authenticator.authenticate(http, new byte[0], Set.of("cloudtrail"));
        authorizer.authorize(caller, READ_ACTION, "*");
        return caller;
    }
}
