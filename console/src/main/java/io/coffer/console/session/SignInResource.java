package io.coffer.console.session;

import io.coffer.console.ConsoleConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;

/** Sign in with an access key pair of the identities file; sign out. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final ConsoleConfig config;
    private final Template signIn;

    public SignInResource(Sessions sessions, SignInThrottle throttle, ConsoleConfig config,
            @Location("sign-in.html") Template signIn) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.config = config;
        this.signIn = signIn;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/repositories")).build();
    }

    @GET
    @Path("sign-in")
    public String form() {
        return signIn.data("region", config.defaultRegion()).data("accessKeyId", "").data("error", null).render();
    }

    @POST
    @Path("sign-in")
    public Response signIn(@RestForm String accessKeyId, @RestForm String secretAccessKey, @RestForm String region,
            @Context HttpServerRequest request) {
        String id = accessKeyId == null ? "" : accessKeyId.strip();
        String where = region == null || region.isBlank() ? config.defaultRegion() : region.strip();
        String from = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        try {
            throttle.check(from);
        } catch (SignInRefusedException e) {
            return refused(429, e, id, where);
        }
        try {
            String cookie = sessions.signIn(id, secretAccessKey == null ? "" : secretAccessKey, where);
            return Response.seeOther(URI.create("/repositories")).cookie(sessionCookie(cookie, -1)).build();
        } catch (SignInRefusedException e) {
            throttle.failed(from);
            return refused("ValidationException".equals(e.errorType()) ? 400 : 403, e, id, where);
        }
    }

    private Response refused(int status, SignInRefusedException e, String accessKeyId, String region) {
        String page = signIn.data("region", region).data("accessKeyId", accessKeyId)
                .data("error", new SignInError(e.errorType(), e.getMessage())).render();
        return Response.status(status).type(MediaType.TEXT_HTML).entity(page).build();
    }

    @POST
    @Path("sign-out")
    public Response signOut(@CookieParam(Sessions.COOKIE) String cookie) {
        sessions.signOut(cookie);
        return Response.seeOther(URI.create("/sign-in")).cookie(sessionCookie("", 0)).build();
    }

    /** HTTPS only, out of scripts' reach, and never sent with a request another site starts. */
    private static NewCookie sessionCookie(String value, int maxAge) {
        return new NewCookie.Builder(Sessions.COOKIE).value(value).path("/").secure(true).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
