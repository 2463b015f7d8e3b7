package dev.profilebridge.connector.engine;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/** Readiness is DOWN while the delivery engine counts the target as down for everyone. */
@Readiness
@ApplicationScoped
public class TargetReadiness implements HealthCheck {

    private final DeliveryEngine engine;

    TargetReadiness(DeliveryEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Delivery target reachable").status(!engine.targetDown()).build();
    }
}
