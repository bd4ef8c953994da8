package io.coffer.console.session;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Deny by default: every page but sign-in needs a live session; without one the browser is sent to sign in. */
public class SignedInFilter {

    private final Sessions sessions;
    private final CurrentSession current;

    public SignedInFilter(Sessions sessions, CurrentSession current) {
        this.sessions = sessions;
        this.current = current;
    }

    @ServerRequestFilter
    public Optional<Response> requireSession(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("/sign-in")) {
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(Sessions.COOKIE);
        Optional<ConsoleSession> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            return Optional.of(Response.seeOther(URI.create("/sign-in")).build());
        }
        current.set(session.get());
        return Optional.empty();
    }
}
