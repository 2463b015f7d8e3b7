package dev.profilebridge.token.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.profilebridge.token.config.TokenServiceConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts failed client authentications per client id and per caller address in fixed windows, so that secrets
 * cannot be guessed online, without letting guessers lock out a client that presents its right secret.
 * <ul>
 * <li>A client id or an address that reached its limit is <em>locked</em>. Whether a secret is right is only known
 * by verifying it, and a lock that refused every verification would lock the real client out with the guessers. So
 * while a client id is locked (by its own failures or by its caller's address's), one verification of it is allowed
 * per {@code locked-verification-interval}: a right secret gets its token, a wrong one counts. Guessers get one guess
 * per interval per client id; the client waits at most one interval, unless a guesser of the same id takes that turn
 * before it, and then the next.</li>
 * <li>A credential this replica verified before is always verified: a guesser cannot present it, so a client in use
 * is never locked out, whatever is sent under its id.</li>
 * <li>Client ids that do not exist are counted per address only, and a locked address is refused for them without a
 * hash, which bounds the CPU one address can cost. A locked address can thereby tell existing client ids from made-up
 * ones; client ids are not secret (RFC 6749 §2.2), the dataflow carries them.</li>
 * </ul>
 * Memory is bounded whatever is sent: only existing client ids are counted per id, and each map holds at most
 * {@code max-tracked-keys} entries. When one is full, closed windows go first, then the entries with the fewest
 * failures: to get its locked address forgotten an attacker has to fill the map with addresses that each failed as
 * often, i.e. own that many addresses, which would give it as many guesses anyway.
 * <p>
 * Counts are per replica: with N replicas an attacker gets at most N times every limit.
 */
@ApplicationScoped
public class FailedAuthenticationThrottle {

    /** What is known of an attempt before its secret is verified. */
    public record Attempt(String clientId, boolean clientExists, boolean verifiedBefore, String address) {
    }

    /**
     * A window's failures, the attempts being verified now (which count until they turn out right), and when a
     * verification was last allowed while locked.
     */
    private record Window(Instant start, int failures, int pending, Instant lockedVerification) {

        int counted() {
            return failures + pending;
        }

        Window add(int moreFailures, int morePending) {
            return new Window(start, failures + moreFailures, Math.max(0, pending + morePending), lockedVerification);
        }
    }

    private final Map<String, Window> clients = new HashMap<>();
    private final Map<String, Window> addresses = new HashMap<>();
    private final TokenServiceConfig.Throttle config;

    @Inject
    FailedAuthenticationThrottle(TokenServiceConfig config, MeterRegistry registry) {
        this(config.throttle());
        Gauge.builder("token.throttle.tracked", this, FailedAuthenticationThrottle::tracked)
                .description("Client ids and addresses the brute-force throttle holds counts for")
                .register(registry);
    }

    FailedAuthenticationThrottle(TokenServiceConfig.Throttle config) {
        this.config = config;
    }

    /**
     * Checks and counts in one step: an admitted attempt is counted (as pending) and empty is answered; otherwise
     * how long to wait. Checking first and counting after the verification let a parallel burst through whole.
     */
    public synchronized Optional<Duration> tryAttempt(Attempt attempt, Instant now) {
        Optional<Duration> refused = attempt.verifiedBefore() ? Optional.empty() : refusal(attempt, now);
        if (refused.isPresent()) {
            return refused;
        }
        if (attempt.clientExists()) {
            update(clients, attempt.clientId(), now, window -> window.add(0, 1));
        }
        update(addresses, attempt.address(), now, window -> window.add(0, 1));
        return Optional.empty();
    }

    /** Ends an attempt {@link #tryAttempt} admitted: a failure stays counted, a success is given back. */
    public synchronized void attemptEnded(Attempt attempt, boolean failed, Instant now) {
        int failures = failed ? 1 : 0;
        if (attempt.clientExists()) {
            update(clients, attempt.clientId(), now, window -> window.add(failures, -1));
        }
        update(addresses, attempt.address(), now, window -> window.add(failures, -1));
    }

    /** How many client ids and addresses hold counts now: the {@code token.throttle.tracked} gauge. */
    synchronized int tracked() {
        return clients.size() + addresses.size();
    }

    /** Why and how long an attempt must wait, or empty; takes the locked client id's turn when it is admitted. */
    private Optional<Duration> refusal(Attempt attempt, Instant now) {
        Window from = open(addresses.get(attempt.address()), now);
        boolean addressLocked = from != null && from.counted() >= config.maxFailuresPerAddress();
        if (!attempt.clientExists()) {
            return addressLocked ? Optional.of(until(from.start().plus(config.window()), now)) : Optional.empty();
        }
        Window client = open(clients.get(attempt.clientId()), now);
        boolean clientLocked = client != null && client.counted() >= config.maxFailuresPerClient();
        if (!addressLocked && !clientLocked) {
            return Optional.empty();
        }
        if (client != null && client.lockedVerification() != null) {
            Instant next = client.lockedVerification().plus(config.lockedVerificationInterval());
            if (next.isAfter(now)) {
                return Optional.of(until(next, now));
            }
        }
        update(clients, attempt.clientId(), now,
                window -> new Window(window.start(), window.failures(), window.pending(), now));
        return Optional.empty();
    }

    private Window open(Window window, Instant now) {
        return window != null && isOpen(window, now) ? window : null;
    }

    private void update(Map<String, Window> windows, String key, Instant now, UnaryOperator<Window> change) {
        Window window = windows.get(key);
        Window current = window == null || !isOpen(window, now)
                ? new Window(now, 0, window == null ? 0 : window.pending(), null)
                : window;
        Window next = change.apply(current);
        if (next.counted() == 0 && next.lockedVerification() == null) {
            windows.remove(key);
            return;
        }
        windows.put(key, next);
        if (windows.size() > config.maxTrackedKeys()) {
            evict(windows, now);
        }
    }

    /**
     * Brings a full map down to nine tenths of its bound (so the sort runs once per tenth of it): closed windows
     * first, then the fewest failures, the oldest among equals.
     */
    private void evict(Map<String, Window> windows, Instant now) {
        windows.values().removeIf(window -> !isOpen(window, now) && window.pending() == 0);
        int keep = config.maxTrackedKeys() - config.maxTrackedKeys() / 10;
        if (windows.size() > keep) {
            windows.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, Window> entry) -> entry.getValue().counted())
                            .thenComparing(entry -> entry.getValue().start()))
                    .limit(windows.size() - keep)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(windows::remove);
        }
    }

    private boolean isOpen(Window window, Instant now) {
        return window.start().plus(config.window()).isAfter(now);
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void forgetPastWindows() {
        Instant now = Instant.now();
        clients.values().removeIf(window -> !isOpen(window, now) && window.pending() == 0);
        addresses.values().removeIf(window -> !isOpen(window, now) && window.pending() == 0);
    }

    /** From now until then, in whole seconds rounded up (what Retry-After carries). */
    private static Duration until(Instant then, Instant now) {
        Duration duration = Duration.between(now, then);
        return Duration.ofSeconds(duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0));
    }
}
