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
            assertEquals(Optional.empty(), throttle.blockedFor("client-" + i, "10.0.0.1", start));
            throttle.recordFailure("client-" + i, "10.0.0.1", start.plusSeconds(i));
        }
        assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.blockedFor("another", "10.0.0.1", start));
        assertEquals(Optional.empty(), throttle.blockedFor("another", "10.0.0.2", start));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.blockedFor("another", "10.0.0.1", start.plusSeconds(59)));
        assertEquals(Optional.empty(), throttle.blockedFor("another", "10.0.0.1", start.plusSeconds(60)));
    }

    @Test
    void aClientIdIsBlockedAfterItsLimitFromAnyAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("cdc", "10.0.1." + i, start);
        }
        assertTrue(throttle.blockedFor("cdc", "10.0.2.1", start.plusSeconds(10)).isPresent());
        assertEquals(Optional.empty(), throttle.blockedFor("other", "10.0.2.1", start.plusSeconds(10)));
    }

    @Test
    void aNewWindowStartsAfterThePreviousEnds() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("c", "10.0.3.1", start);
        }
        throttle.recordFailure("c", "10.0.3.1", start.plusSeconds(61));
        assertEquals(Optional.empty(), throttle.blockedFor("c", "10.0.3.1", start.plusSeconds(61)));
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
