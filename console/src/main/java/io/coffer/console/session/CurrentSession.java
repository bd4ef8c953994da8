package io.coffer.console.session;

import io.coffer.console.aws.ServiceClients.UserClients;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** The session of the request being served; pages and templates ({@code inject:currentSession}) read it. */
@RequestScoped
@Named("currentSession")
public class CurrentSession {

    private ConsoleSession session;

    void set(ConsoleSession session) {
        this.session = session;
    }

    public boolean isSignedIn() {
        return session != null;
    }

    /** The user's ARN, or the access key ID when no answer named the user. */
    public String getSignedInAs() {
        return session == null ? "" : session.signedInAs();
    }

    public String getRegion() {
        return session == null ? "" : session.region();
    }

    /** The clients that sign as this user; only for a signed-in request (the filter turns the others away). */
    public UserClients clients() {
        if (session == null) {
            throw new IllegalStateException("not signed in");
        }
        return session.clients();
    }
}
