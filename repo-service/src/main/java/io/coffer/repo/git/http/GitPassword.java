package io.coffer.repo.git.http;

import io.coffer.aws.auth.SigV4;
import io.coffer.repo.git.transport.GitSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * CodeCommit's Git password for HTTPS, as its credential helpers compute it: {@code <yyyyMMdd'T'HHmmss>Z<signature>}
 * where the signature is SigV4 (service {@code codecommit}) over the canonical request
 * {@code GIT\n<path>\n\nhost:<host>\n\nhost\n}, signed at that time. A password is good for 15 minutes either side
 * of its time.
 */
public final class GitPassword {

    public static final String SERVICE = GitSession.SERVICE;
    static final Duration VALIDITY = Duration.ofMinutes(15);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{6}Z[0-9a-fA-F]{64}");

    private GitPassword() {
    }

    /** What a password says, before any signature is checked. */
    public record Parsed(String timestamp, Instant time, String signature) {
    }

    /** @throws IllegalArgumentException if the password is not of CodeCommit's form */
    public static Parsed parse(String password) {
        if (password == null || !FORMAT.matcher(password).matches()) {
            throw new IllegalArgumentException("the password is not a CodeCommit Git password "
                    + "(<yyyyMMdd'T'HHmmss>Z<SigV4 signature>); use the Coffer credential helper");
        }
        String timestamp = password.substring(0, 15);
        try {
            return new Parsed(timestamp, LocalDateTime.parse(timestamp, TIMESTAMP).toInstant(ZoneOffset.UTC),
                    password.substring(16));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the password's time is not a valid date and time");
        }
    }

    /** Whether the password was made within {@link #VALIDITY} of {@code now}. */
    public static boolean current(Parsed password, Instant now) {
        return Duration.between(password.time(), now).abs().compareTo(VALIDITY) <= 0;
    }

    /** The signature for {@code path} on {@code host} in {@code region} at the password's time. */
    public static String sign(String secret, String timestamp, String region, String host, String path) {
        String canonical = "GIT\n" + path + "\n\nhost:" + host + "\n\nhost\n";
        String date = timestamp.substring(0, 8);
        return SigV4.signature(secret, date, region, SERVICE,
                SigV4.stringToSign(timestamp, SigV4.scope(date, region, SERVICE), canonical));
    }

    /** Whether the password's signature is right, compared in constant time. */
    public static boolean verifies(Parsed password, String secret, String region, String host, String path) {
        return SigV4.matches(sign(secret, password.timestamp(), region, host, path), password.signature());
    }
}
