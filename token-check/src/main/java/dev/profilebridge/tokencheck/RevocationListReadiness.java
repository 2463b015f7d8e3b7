package dev.profilebridge.tokencheck;

import java.time.Instant;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * DOWN while the service refuses every token because token-service's revocation list is missing or too old. Only
 * where {@code token-revocations.readiness-check=true} (ingest-service, which can do nothing without a token): the
 * connectors deliver without token-service, so a stale list only makes their /ops API refuse tokens.
 */
@Readiness
@IfBuildProperty(name = "token-revocations.readiness-check", stringValue = "true")
@ApplicationScoped
public class RevocationListReadiness implements HealthCheck {

    private final TokenRevocations revocations;

    RevocationListReadiness(TokenRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("token revocation list")
                .status(revocations.isFresh(Instant.now()))
                .withData("maxStaleness", revocations.maxStaleness().toString());
        revocations.current().ifPresent(list -> response.withData("fetchedAt", list.fetchedAt().toString())
                .withData("revokedClients", list.notBefore().size())
                .withData("revokedKeys", list.revokedKeys().size()));
        return response.build();
    }
}
