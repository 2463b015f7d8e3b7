package dev.profilebridge.tokencheck;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * token-service's revocation document (disabled clients, rotated secrets, keys retired in an emergency), fed by the
 * {@code PB_TOKEN_REVOCATIONS_*} variables. A revocation takes effect within one poll interval while token-service
 * answers, and within {@link #maxStaleness()} whatever happens.
 */
@ConfigMapping(prefix = "token-revocations")
public interface TokenRevocationsConfig {

    @WithDefault("http://localhost:8081/oauth/revocations")
    String url();

    @WithDefault("10s")
    Duration pollInterval();

    /** How long the last document stays in force when new ones cannot be fetched; after that tokens are refused. */
    @WithDefault("2m")
    Duration maxStaleness();

    /**
     * Whether a stale list makes the service unready ({@link RevocationListReadiness}). Read at build time: set it
     * in the application.properties of a service that refuses every request without the list (ingest-service); a
     * service that does other work meanwhile (a connector delivers whatever its /ops API refuses) leaves it off.
     */
    @WithDefault("false")
    boolean readinessCheck();
}
