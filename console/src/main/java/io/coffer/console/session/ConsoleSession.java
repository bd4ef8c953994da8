package io.coffer.console.session;

import io.coffer.console.aws.ServiceClients.UserClients;
import java.time.Instant;

/**
 * One signed-in user: the clients that sign with their key (which lives only here, in the console's memory, never in a
 * page or a cookie), the region they work in, and when the session began and was last used.
 *
 * @param signedInAs what the services said of the key at sign-in: the user's ARN when a refusal named it, else the
 *                   access key ID
 */
public record ConsoleSession(String id, String accessKeyId, String signedInAs, String region, UserClients clients,
        Instant started, Instant lastUsed) {

    ConsoleSession used(Instant now) {
        return new ConsoleSession(id, accessKeyId, signedInAs, region, clients, started, now);
    }
}
