package io.coffer.aws.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AWS Signature Version 4 primitives (HMAC-SHA256 and SHA-256 from the JDK): the signing-key derivation and the
 * string to sign. Used by the request verifier and by the CodeCommit Git password scheme.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /** Hex HMAC-SHA256 signature of {@code stringToSign} with the key derived for {@code date/region/service}. */
    public static String signature(String secret, String date, String region, String service, String stringToSign) {
        byte[] key = signingKey(secret, date, region, service);
        try {
            return signature(key, stringToSign);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The signature of {@code stringToSign} under a signing key already derived by {@link #signingKey}. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    public static String scope(String date, String region, String service) {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Compares two hex signatures in constant time. */
    public static boolean matches(String expected, String provided) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** SigV4's signing key: the secret narrowed to a day, a region and a service. The caller zeroes it. */
    public static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] kSecret = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        byte[] kDate = hmac(kSecret, date);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, service);
        try {
            return hmac(kService, "aws4_request");
        } finally {
            Arrays.fill(kSecret, (byte) 0);
            Arrays.fill(kDate, (byte) 0);
            Arrays.fill(kRegion, (byte) 0);
            Arrays.fill(kService, (byte) 0);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
