package dev.profilebridge.token.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.profilebridge.token.config.TokenServiceConfig;

class FailedAuthenticationThrottleTest {

    private final FailedAuthenticationThrottle throttle = new FailedAuthenticationThrottle(config());
    private final Instant start = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void anAddressIsBlockedAfterItsLimitWhateverTheClientIds() {
        for (int i = 0; i < 3; i++) {
            fail("client-" + i, "10.0.0.1", start.plusSeconds(i));
        }
        assertEquals(Optional.of(Duration.ofSeconds(60)), blocked("another", "10.0.0.1", start));
        assertEquals(Optional.empty(), blocked("another", "10.0.0.2", start));
        assertEquals(Optional.of(Duration.ofSeconds(1)), blocked("another", "10.0.0.1", start.plusSeconds(59)));
        assertEquals(Optional.empty(), blocked("another", "10.0.0.1", start.plusSeconds(60)));
    }

    @Test
    void aClientIdIsBlockedAfterItsLimitFromAnyAddress() {
        for (int i = 0; i < 5; i++) {
            fail("cdc", "10.0.1." + i, start);
        }
        assertTrue(blocked("cdc", "10.0.2.1", start.plusSeconds(10)).isPresent());
        assertEquals(Optional.empty(), blocked("other", "10.0.2.1", start.plusSeconds(10)));
    }

    @Test
    void aNewWindowStartsAfterThePreviousEnds() {
        for (int i = 0; i < 3; i++) {
            fail("c", "10.0.3.1", start);
        }
        fail("c", "10.0.3.1", start.plusSeconds(61));
        assertEquals(Optional.empty(), blocked("c", "10.0.3.1", start.plusSeconds(61)));
    }

    @Test
    void aParallelBurstGetsNoMoreAttemptsThanTheLimit() {
        int admitted = 0;
        for (int i = 0; i < 50; i++) {
            // Fifty requests arrive before any verification ends.
            if (throttle.tryAttempt("client-" + i, "10.0.4.1", start).isEmpty()) {
                admitted++;
            }
        }
        assertEquals(3, admitted, "the address's three attempts, not fifty");
    }

    @Test
    void successfulAttemptsAreGivenBackAndNeverAddUp() {
        for (int i = 0; i < 50; i++) {
            assertEquals(Optional.empty(), throttle.tryAttempt("cdc", "10.0.5.1", start));
            throttle.attemptEnded("cdc", "10.0.5.1", false, start);
        }
        assertEquals(Optional.empty(), blocked("cdc", "10.0.5.1", start));
    }

    private void fail(String clientId, String address, Instant at) {
        assertEquals(Optional.empty(), throttle.tryAttempt(clientId, address, at));
        throttle.attemptEnded(clientId, address, true, at);
    }

    /** Whether an attempt now would be refused; an admitted one is ended as a success, so it counts for nothing. */
    private Optional<Duration> blocked(String clientId, String address, Instant at) {
        Optional<Duration> blocked = throttle.tryAttempt(clientId, address, at);
        if (blocked.isEmpty()) {
            throttle.attemptEnded(clientId, address, false, at);
        }
        return blocked;
    }

    private static TokenServiceConfig.Throttle config() {
        return new TokenServiceConfig.Throttle() {
            @Override
            public int maxFailuresPerClient() {
                return 5;
            }

            @Override
            public int maxFailuresPerAddress() {
                return 3;
            }

            @Override
            public Duration window() {
                return Duration.ofSeconds(60);
            }
        };
    }
}
