package io.coffer.repo.git.http;

import io.coffer.aws.auth.CredentialStore;
import io.coffer.kernel.Caller;
import io.coffer.repo.RepoConfig;
import io.coffer.repo.git.transport.GitSession;
import io.coffer.repo.repository.RepositoryNames;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who a Git request is from and which repository it is for. The password is CodeCommit's signed one
 * ({@link GitPassword}); its region is the region of the repository, so each region where the caller's account has
 * a repository of that name is tried. Only the owning account's principals get in (deny by default).
 */
@ApplicationScoped
public class GitAccess {

    private final CredentialStore credentials;
    private final RepositoryQueries repositories;
    private final String defaultRegion;
    private final Clock clock;

    public GitAccess(CredentialStore credentials, RepositoryQueries repositories, RepoConfig config) {
        this.credentials = credentials;
        this.repositories = repositories;
        this.defaultRegion = config.defaultRegion();
        this.clock = Clock.systemUTC();
    }

    /** What of an HTTP request says who sends it and from where (headers absent are null). */
    public record Request(String authorization, String host, String remoteAddress, String userAgent) {
    }

    /**
     * @param name the repository name from the path
     * @throws GitAccessDeniedException 401 without or with wrong credentials, 404 for a repository the caller's
     *         account does not have
     */
    public GitSession authorize(Request request, String name) {
        return authorize(request, name, List.of("/v1/repos/" + name));
    }

    /**
     * As {@link #authorize(Request, String)}, for a password signed for any of {@code signedPaths} (Git LFS clients
     * sign the LFS endpoint's path rather than the repository's).
     */
    public GitSession authorize(Request request, String name, List<String> signedPaths) {
        String authorization = request.authorization();
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw GitAccessDeniedException.unauthenticated("Authentication required: use the Coffer credential helper "
                    + "(see README) so git sends your AWS access key and a signed password");
        }
        String userAndPassword;
        try {
            userAndPassword = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GitAccessDeniedException.unauthenticated("The Authorization header is not valid Basic credentials");
        }
        int colon = userAndPassword.indexOf(':');
        if (colon < 0) {
            throw GitAccessDeniedException.unauthenticated("The Authorization header is not valid Basic credentials");
        }
        String accessKeyId = userAndPassword.substring(0, colon);
        GitPassword.Parsed password;
        try {
            password = GitPassword.parse(userAndPassword.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw GitAccessDeniedException.unauthenticated("Wrong password: " + e.getMessage());
        }
        CredentialStore.AccessKey key = credentials.find(accessKeyId)
                .filter(k -> k.principal() != null).orElseThrow(() ->
                GitAccessDeniedException.unauthenticated("The access key ID " + accessKeyId + " is not known"));
        Instant now = clock.instant();
        if (!GitPassword.current(password, now)) {
            throw GitAccessDeniedException.unauthenticated(password.time().isAfter(now)
                    ? "The password is dated " + password.time() + ", more than 15 minutes after this server's time ("
                            + now + "); check the clock of the machine git runs on"
                    : "The password has expired (it is valid 15 minutes from " + password.time()
                            + "); the credential helper makes a new one for each git command");
        }
        String host = request.host();
        List<StoredRepository> candidates = RepositoryNames.wellFormed(name)
                ? repositories.named(key.principal().accountId(), name)
                : List.of();
        Optional<StoredRepository> match = candidates.stream()
                .filter(r -> signedPaths.stream().anyMatch(path -> GitPassword.verifies(password, key.secret().reveal(),
                        r.region(), host, path))).findFirst();
        if (match.isPresent()) {
            return new GitSession(caller(key, match.get().region(), request), match.get(), GitSession.Transport.HTTP);
        }
        boolean signedHere = candidates.isEmpty()
                && signedPaths.stream().anyMatch(path -> GitPassword.verifies(password, key.secret().reveal(),
                        defaultRegion, host, path));
        if (signedHere) {
            throw GitAccessDeniedException.notFound("Repository " + name + " does not exist in account "
                    + key.principal().accountId());
        }
        throw GitAccessDeniedException.unauthenticated("Wrong password: the signature does not match this "
                + "repository's path, host and region; check your AWS secret key and region");
    }

    private static Caller caller(CredentialStore.AccessKey key, String region, Request request) {
        return new Caller(key.principal(), region, GitPassword.SERVICE, request.remoteAddress(), request.userAgent(),
                UUID.randomUUID().toString(), null);
    }
}
