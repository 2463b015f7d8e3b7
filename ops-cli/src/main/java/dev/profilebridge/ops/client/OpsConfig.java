package dev.profilebridge.ops.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Where the services are and who the operator is ({@code PB_OPS_*} in the environment). */
@ConfigMapping(prefix = "ops")
public interface OpsConfig {

    /** token-service's token endpoint. */
    String tokenUrl();

    /** A client of token-service with the scope {@code dlq:operate}. */
    Optional<String> clientId();

    Optional<String> clientSecret();

    /** Each connector's base URL by its short name ({@code marketing}, {@code service}). */
    Map<String, String> connectors();

    String ingestUrl();

    Duration timeout();
}
