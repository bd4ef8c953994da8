package io.coffer.repo.trigger;

import io.coffer.aws.tls.ClientTls;
import io.coffer.repo.RepoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HTTPS endpoints triggers notify, by destination ARN, as the operator configured them. Each notification is
 * signed with the destination's own key: {@code X-Coffer-Signature-256: sha256=<hex HMAC-SHA256(key,
 * "<X-Coffer-Timestamp>.<body>")>}, so the endpoint can tell it came from Coffer, unaltered and recent;
 * {@code X-Coffer-Delivery} names the notification, the same on a redelivery.
 */
@ApplicationScoped
public class TriggerDestinations {

    static final String DELIVERY = "X-Coffer-Delivery";
    static final String TIMESTAMP = "X-Coffer-Timestamp";
    static final String SIGNATURE = "X-Coffer-Signature-256";
    private static final String HMAC = "HmacSHA256";

    private record Destination(URI url, SecretKeySpec key) {
    }

    private final Map<String, Destination> destinations = new HashMap<>();
    private final HttpClient http;
    private final Duration timeout;

    public TriggerDestinations(RepoConfig config, ClientTls tls) {
        config.triggers().destinations().forEach((name, destination) -> {
            if (!"https".equals(destination.url().getScheme())) {
                throw new IllegalStateException("trigger destination " + name + " must be an https URL, not "
                        + destination.url());
            }
            destinations.put(destination.arn(), new Destination(destination.url(),
                    new SecretKeySpec(destination.secret().getBytes(StandardCharsets.UTF_8), HMAC)));
        });
        this.timeout = config.triggers().timeout();
        this.http = HttpClient.newBuilder().sslContext(tls.context()).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    boolean has(String arn) {
        return destinations.containsKey(arn);
    }

    /**
     * Posts a notification to the destination of {@code arn}.
     *
     * @throws DeliveryFailedException if the endpoint cannot be reached or does not answer 2xx
     */
    void deliver(String arn, String deliveryId, String notification) {
        Destination destination = destinations.get(arn);
        if (destination == null) {
            throw new DeliveryFailedException("no destination " + arn + " is configured any more");
        }
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(destination.url()).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "Coffer-Triggers/1.0")
                .header(DELIVERY, deliveryId).header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "sha256=" + sign(destination.key(), timestamp, notification))
                .POST(HttpRequest.BodyPublishers.ofString(notification, StandardCharsets.UTF_8)).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryFailedException(destination.url().getHost() + " could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailedException("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryFailedException(destination.url().getHost() + " answered " + response.statusCode());
        }
    }

    /** The hex HMAC-SHA256 of {@code <timestamp>.<body>} under {@code key}. */
    static String sign(SecretKeySpec key, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + HMAC, e);
        }
    }

    /** A notification did not reach its destination. */
    static final class DeliveryFailedException extends RuntimeException {

        DeliveryFailedException(String message) {
            super(message);
        }
    }
}
