package io.coffer.aws.auth;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs service-to-service requests with SigV4 in header form and {@code UNSIGNED-PAYLOAD}, for streamed bodies
 * (the receiving side verifies with {@link SigV4Verifier}; the signature covers method, path, query and every header
 * passed in here, including the on-behalf-of headers).
 */
public final class SigV4Signer {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final String service;
    private final Clock clock;

    public SigV4Signer(String accessKeyId, String secretAccessKey, String region, String service, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    /** The headers to send: {@code headers} plus host, x-amz-date, x-amz-content-sha256 and Authorization. */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.trim()));
        String amzDate = AMZ_DATE.format(clock.instant());
        signed.put("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        signed.put("x-amz-date", amzDate);
        signed.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = method + "\n" + SigV4Verifier.canonicalUri(uri.getRawPath()) + "\n"
                + SigV4Verifier.canonicalQuery(uri.getRawQuery()) + "\n" + canonicalHeaders + "\n" + signedHeaders
                + "\nUNSIGNED-PAYLOAD";
        String date = amzDate.substring(0, 8);
        String scope = SigV4.scope(date, region, service);
        String signature = SigV4.signature(secretAccessKey, date, region, service,
                SigV4.stringToSign(amzDate, scope, canonicalRequest));
        Map<String, String> out = new TreeMap<>(signed);
        out.remove("host");
        out.put("authorization", SigV4.ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature);
        return out;
    }
}
