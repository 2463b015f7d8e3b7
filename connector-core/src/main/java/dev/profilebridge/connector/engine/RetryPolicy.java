package dev.profilebridge.connector.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongUnaryOperator;

import dev.profilebridge.connector.ConnectorConfig;

/**
 * When a record that failed is tried again, and when it is given up on: exponential backoff from
 * {@code initial-backoff} doubling up to {@code max-backoff}, with full jitter (half the step fixed, half random, so
 * records that failed together do not come back together), never sooner than the target's {@code Retry-After}; given
 * up after {@code max-attempts} attempts or {@code max-duration} since the first failure.
 */
final class RetryPolicy {

    private final ConnectorConfig.Retry config;
    /** A random number from 0 to the bound, inclusive; the engine's is uniform, a test's is fixed. */
    private final LongUnaryOperator random;

    RetryPolicy(ConnectorConfig.Retry config, LongUnaryOperator random) {
        this.config = config;
        this.random = random;
    }

    /** Whether a record that has failed {@code attempts} times, first at {@code firstFailure}, is to be given up on. */
    boolean exhausted(int attempts, Instant firstFailure, Instant now) {
        return attempts >= config.maxAttempts()
                || firstFailure != null && Duration.between(firstFailure, now).compareTo(config.maxDuration()) >= 0;
    }

    /** How long to wait before attempt {@code attempt + 1}. */
    Duration backoff(int attempt, Duration retryAfter) {
        long base = config.initialBackoff().toMillis() << Math.min(Math.max(1, attempt) - 1, 20);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        long jittered = capped / 2 + random.applyAsLong(capped / 2);
        return retryAfter == null ? Duration.ofMillis(jittered) : Duration.ofMillis(Math.max(jittered, retryAfter.toMillis()));
    }
}
