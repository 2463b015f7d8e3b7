package dev.profilebridge.connector.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.ConnectorConfig;

class RetryPolicyTest {

    private static final ConnectorConfig.Retry RETRY = new ConnectorConfig.Retry() {
        public int maxAttempts() {
            return 8;
        }

        public Duration initialBackoff() {
            return Duration.ofMillis(500);
        }

        public Duration maxBackoff() {
            return Duration.ofMinutes(2);
        }

        public Duration maxDuration() {
            return Duration.ofMinutes(30);
        }
    };
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theBackoffDoublesUpToItsCapWithHalfOfEachStepRandom() {
        RetryPolicy lowest = new RetryPolicy(RETRY, bound -> 0);
        RetryPolicy highest = new RetryPolicy(RETRY, bound -> bound);
        assertEquals(Duration.ofMillis(250), lowest.backoff(1, null));
        assertEquals(Duration.ofMillis(500), highest.backoff(1, null));
        assertEquals(Duration.ofMillis(500), lowest.backoff(2, null));
        assertEquals(Duration.ofMillis(2000), highest.backoff(3, null));
        assertEquals(Duration.ofMinutes(2), highest.backoff(30, null), "capped at max-backoff, no overflow");
        assertEquals(Duration.ofMinutes(1), lowest.backoff(30, null));
    }

    @Test
    void theTargetsRetryAfterIsNeverShortened() {
        RetryPolicy policy = new RetryPolicy(RETRY, bound -> bound);
        assertEquals(Duration.ofSeconds(7), policy.backoff(1, Duration.ofSeconds(7)));
        assertEquals(Duration.ofMillis(2000), policy.backoff(3, Duration.ofSeconds(1)), "a shorter Retry-After waits the backoff");
    }

    @Test
    void aRecordIsGivenUpOnAfterMaxAttemptsOrMaxDuration() {
        RetryPolicy policy = new RetryPolicy(RETRY, bound -> 0);
        assertFalse(policy.exhausted(7, T0, T0.plusSeconds(60)));
        assertTrue(policy.exhausted(8, T0, T0.plusSeconds(60)));
        assertFalse(policy.exhausted(2, T0, T0.plus(Duration.ofMinutes(29))));
        assertTrue(policy.exhausted(2, T0, T0.plus(Duration.ofMinutes(30))));
        assertFalse(policy.exhausted(0, null, T0));
    }
}
