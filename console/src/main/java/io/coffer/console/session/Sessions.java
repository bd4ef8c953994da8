package io.coffer.console.session;

import io.coffer.console.ConsoleConfig;
import io.coffer.console.aws.ServiceClients;
import io.coffer.console.aws.ServiceClients.UserClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

/**
 * The signed-in sessions, in this console's memory only: a restart signs everyone out, and a second replica needs
 * session affinity. The cookie carries a random 256-bit session ID; the map is keyed by its SHA-256, so the IDs that
 * would let someone act as a user are nowhere in the process but in requests.
 */
@ApplicationScoped
public class Sessions {

    public static final String COOKIE = "coffer-console-session";

    private static final Logger LOG = Logger.getLogger(Sessions.class);
    private static final Pattern USER_ARN = Pattern.compile("User: (arn:aws:iam::\\d{12}:user/[\\w+=,.@/-]+)");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");

    private final ConcurrentMap<String, ConsoleSession> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ServiceClients clients;
    private final ConsoleConfig config;
    private final Clock clock;

    public Sessions(ServiceClients clients, ConsoleConfig config) {
        this.clients = clients;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * Signs a user in: the key pair is good if repo-service accepts its signature. Listing the repositories (the page
     * a user lands on) either succeeds or is refused by policy, and both prove the key; an unknown key or a wrong
     * secret is refused before any policy is read.
     *
     * @return the cookie value of the new session
     * @throws SignInRefusedException with the service's own error when the key pair is not accepted
     */
    public String signIn(String accessKeyId, String secretAccessKey, String region) {
        if (!ACCESS_KEY_ID.matcher(accessKeyId).matches() || secretAccessKey.isEmpty()) {
            throw new SignInRefusedException("ValidationException", "Enter an access key ID and its secret.");
        }
        if (!Region.regions().contains(Region.of(region))) {
            throw new SignInRefusedException("ValidationException", "Unknown region: " + region);
        }
        UserClients user = clients.forUser(accessKeyId, secretAccessKey, region);
        String signedInAs = accessKeyId;
        try {
            user.codeCommit().listRepositories(r -> { });
        } catch (AwsServiceException e) {
            String type = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (!"AccessDeniedException".equals(type)) {
                user.close();
                throw new SignInRefusedException(type, e.awsErrorDetails() == null ? e.getMessage()
                        : e.awsErrorDetails().errorMessage());
            }
            Matcher arn = USER_ARN.matcher(String.valueOf(e.awsErrorDetails().errorMessage()));
            if (arn.find()) {
                signedInAs = arn.group(1);
            }
        } catch (RuntimeException e) {
            user.close();
            throw e;
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String key = digest(cookie);
        Instant now = clock.instant();
        // the log names a session by a prefix of the digest: enough to follow it, useless to take it over
        ConsoleSession session = new ConsoleSession(key.substring(0, 12), accessKeyId, signedInAs, region, user, now,
                now);
        open.put(key, session);
        LOG.infof("signed in: %s in %s (session %s)", signedInAs, region, session.id());
        expire(now);
        return cookie;
    }

    /** The live session this cookie names, marked as used now. */
    public Optional<ConsoleSession> find(String cookie) {
        if (cookie == null || cookie.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String key = digest(cookie);
        ConsoleSession session = open.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (expired(session, now)) {
            end(key);
            return Optional.empty();
        }
        ConsoleSession used = session.used(now);
        open.replace(key, session, used);
        return Optional.of(used);
    }

    /** Signs out: the session and its clients are gone at once. */
    public void signOut(String cookie) {
        if (cookie != null && !cookie.isEmpty()) {
            end(digest(cookie));
        }
    }

    private void expire(Instant now) {
        open.forEach((key, session) -> {
            if (expired(session, now)) {
                end(key);
            }
        });
    }

    private boolean expired(ConsoleSession session, Instant now) {
        return session.lastUsed().plus(config.sessionIdleTimeout()).isBefore(now)
                || session.started().plus(config.sessionMaxAge()).isBefore(now);
    }

    private void end(String key) {
        ConsoleSession session = open.remove(key);
        if (session != null) {
            session.clients().close();
            LOG.infof("signed out: %s (session %s)", session.signedInAs(), session.id());
        }
    }

    @PreDestroy
    void closeAll() {
        open.keySet().forEach(this::end);
    }

    private static String digest(String cookie) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(cookie.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
