package io.coffer.aws.identity;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Which identities are in force here ({@code version}: SHA-256 of the file), and why a changed file was refused, if
 * it was. A refused file does not make the service unready: the previous version stays in force.
 */
@Readiness
@ApplicationScoped
public class IdentitiesHealthCheck implements HealthCheck {

    private final Identities identities;

    public IdentitiesHealthCheck(Identities identities) {
        this.identities = identities;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("identities").up()
                .withData("version", identities.current().version());
        String refusal = identities.refusal();
        if (refusal != null) {
            response.withData("refused", refusal);
        }
        return response.build();
    }
}
