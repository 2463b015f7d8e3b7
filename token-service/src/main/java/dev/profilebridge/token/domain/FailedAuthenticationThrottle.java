package dev.profilebridge.token.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.profilebridge.token.config.TokenServiceConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts failed client authentications per client id and per remote address in fixed windows, so that secrets
 * cannot be guessed online. Counts are per replica: with N replicas an attacker gets at most N times the limit.
 * <p>
 * A credential that was verified recently is answered from the verified-credential cache before this throttle is
 * asked, so an attacker who floods a client id with wrong secrets does not lock the real client out while it keeps
 * using its valid secret.
 */
@ApplicationScoped
public class FailedAuthenticationThrottle {

    private record Window(Instant start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final TokenServiceConfig.Throttle config;

    @Inject
    FailedAuthenticationThrottle(TokenServiceConfig config) {
        this(config.throttle());
    }

    FailedAuthenticationThrottle(TokenServiceConfig.Throttle config) {
        this.config = config;
    }

    /** How long the caller must wait, if either its client id or its address has failed too often. */
    public Optional<Duration> blockedFor(String clientId, String address, Instant now) {
        return longest(blockedFor("client:" + clientId, config.maxFailuresPerClient(), now),
                blockedFor("address:" + address, config.maxFailuresPerAddress(), now));
    }

    public void recordFailure(String clientId, String address, Instant now) {
        count("client:" + clientId, now);
        count("address:" + address, now);
    }

    private Optional<Duration> blockedFor(String key, int limit, Instant now) {
        Window window = windows.get(key);
        if (window == null || window.failures() < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, window.start().plus(config.window()));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(roundUp(left));
    }

    private void count(String key, Instant now) {
        windows.compute(key, (k, window) -> window == null || !window.start().plus(config.window()).isAfter(now)
                ? new Window(now, 1)
                : new Window(window.start(), window.failures() + 1));
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetPastWindows() {
        Instant now = Instant.now();
        windows.values().removeIf(window -> !window.start().plus(config.window()).isAfter(now));
    }

    private static Duration roundUp(Duration duration) {
        return Duration.ofSeconds(duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0));
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }
}
