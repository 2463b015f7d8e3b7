package dev.profilebridge.console.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the console finds token-service and the services' operator APIs ({@code PB_CONSOLE_*} in the environment). */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

    /** token-service's token endpoint: the operator's client id and secret are exchanged there for a token. */
    String tokenUrl();

    /** Each connector's base URL by its short name ({@code marketing}, {@code service}), shown in this order. */
    Map<String, String> connectors();

    /** ingest-service's base URL (the versions it accepted, on the profile page). */
    String ingestUrl();

    /** Bounds each call to token-service and to the services. */
    @WithDefault("30s")
    Duration timeout();

    /**
     * The cookie's {@code Secure} attribute: unset, it is set when the request came over https (directly, or as the
     * proxy's {@code X-Forwarded-Proto} says when {@code quarkus.http.proxy.proxy-address-forwarding} is on).
     */
    Optional<Boolean> secureCookie();

    /** The overview's window, in minutes (at most the connectors' {@code connector.ops.activity.retention}). */
    @WithDefault("180")
    int overviewMinutes();
}
