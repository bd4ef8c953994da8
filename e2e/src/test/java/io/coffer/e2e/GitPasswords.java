package io.coffer.e2e;

import io.coffer.aws.auth.SigV4;
import io.coffer.testsupport.LocalIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/** CodeCommit Git passwords made the way the credential helper makes them, for tests that send Git requests. */
final class GitPasswords {

    private GitPasswords() {
    }

    /** The password for {@code path} on {@code host} in {@code region}, dated {@code time}. */
    static String password(String secret, Instant time, String region, String host, String path) {
        String timestamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(time);
        String date = timestamp.substring(0, 8);
        String canonical = "GIT\n" + path + "\n\nhost:" + host + "\n\nhost\n";
        return timestamp + "Z" + SigV4.signature(secret, date, region, "codecommit",
                SigV4.stringToSign(timestamp, SigV4.scope(date, region, "codecommit"), canonical));
    }

    /** Basic authorization of the built-in local identity for Git requests on {@code path}, made now. */
    static String basic(String region, String host, String path) {
        return "Basic " + Base64.getEncoder().encodeToString((LocalIdentity.ACCESS_KEY_ID + ":"
                + password(LocalIdentity.SECRET_ACCESS_KEY, Instant.now(), region, host, path))
                .getBytes(StandardCharsets.UTF_8));
    }
}
