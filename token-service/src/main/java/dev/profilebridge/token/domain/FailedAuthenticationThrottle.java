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

    /** A window's failures, and the attempts being verified now, which count until they turn out right. */
    private record Window(Instant start, int failures, int pending) {
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

    /**
     * Checks and counts in one step: when neither the client id nor the address has used up its attempts, the
     * attempt is counted (as pending) and empty is answered; otherwise how long to wait. Checking first and counting
     * after the verification let a parallel burst through whole, each request seeing the count before any failed.
     */
    public synchronized Optional<Duration> tryAttempt(String clientId, String address, Instant now) {
        String client = "client:" + clientId;
        String from = "address:" + address;
        Optional<Duration> blocked = longest(blockedFor(client, config.maxFailuresPerClient(), now),
                blockedFor(from, config.maxFailuresPerAddress(), now));
        if (blocked.isEmpty()) {
            update(client, now, 0, 1);
            update(from, now, 0, 1);
        }
        return blocked;
    }

    /** Ends an attempt {@link #tryAttempt} counted: a failure stays counted, a success is given back. */
    public synchronized void attemptEnded(String clientId, String address, boolean failed, Instant now) {
        update("client:" + clientId, now, failed ? 1 : 0, -1);
        update("address:" + address, now, failed ? 1 : 0, -1);
    }

    private Optional<Duration> blockedFor(String key, int limit, Instant now) {
        Window window = windows.get(key);
        if (window == null || !isOpen(window, now) || window.failures() + window.pending() < limit) {
            return Optional.empty();
        }
        return Optional.of(roundUp(Duration.between(now, window.start().plus(config.window()))));
    }

    private void update(String key, Instant now, int failures, int pending) {
        windows.compute(key, (k, window) -> {
            Window current = window == null || !isOpen(window, now)
                    ? new Window(now, 0, window == null ? 0 : window.pending())
                    : window;
            Window next = new Window(current.start(), current.failures() + failures,
                    Math.max(0, current.pending() + pending));
            return next.failures() == 0 && next.pending() == 0 ? null : next;
        });
    }

    private boolean isOpen(Window window, Instant now) {
        return window.start().plus(config.window()).isAfter(now);
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void forgetPastWindows() {
        Instant now = Instant.now();
        windows.values().removeIf(window -> !isOpen(window, now) && window.pending() == 0);
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
