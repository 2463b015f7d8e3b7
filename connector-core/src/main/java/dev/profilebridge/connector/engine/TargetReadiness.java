package dev.profilebridge.connector.engine;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Readiness is DOWN while the delivery engine cannot deliver: the target counts as down for everyone, the delivery
 * state's PostgreSQL does not answer, or a partition has had records pending without progress for too long.
 */
@Readiness
@ApplicationScoped
public class TargetReadiness implements HealthCheck {

    private final DeliveryEngine engine;

    TargetReadiness(DeliveryEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !engine.targetDown() && !engine.deliveryStateDown() && engine.stuckPartitions() == 0;
        return HealthCheckResponse.named("Delivery target reachable").status(up)
                .withData("targetDown", engine.targetDown())
                .withData("deliveryStateDown", engine.deliveryStateDown())
                .withData("stuckPartitions", engine.stuckPartitions())
                .build();
    }
}
