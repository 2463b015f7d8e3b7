package dev.profilebridge.token.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.profilebridge.token.config.TokenServiceConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class FailedAuthenticationThrottleTest {

    private static final int PER_CLIENT = 5;
    private static final int PER_ADDRESS = 3;
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Duration LOCKED_INTERVAL = Duration.ofSeconds(10);
    private static final int MAX_TRACKED = 1_000;

    private final FailedAuthenticationThrottle throttle = new FailedAuthenticationThrottle(config());
    private final Instant start = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void anAddressIsRefusedForMadeUpClientIdsAfterItsLimit() {
        for (int i = 0; i < PER_ADDRESS; i++) {
            fail(madeUp("client-" + i, "10.0.0.1"), start.plusSeconds(i));
        }
        assertEquals(Optional.of(Duration.ofSeconds(60)), blocked(madeUp("another", "10.0.0.1"), start));
        assertEquals(Optional.empty(), blocked(madeUp("another", "10.0.0.2"), start));
        assertEquals(Optional.of(Duration.ofSeconds(1)), blocked(madeUp("another", "10.0.0.1"), start.plusSeconds(59)));
        assertEquals(Optional.empty(), blocked(madeUp("another", "10.0.0.1"), start.plusSeconds(60)));
    }

    @Test
    void madeUpClientIdsFromAnAddressDoNotKeepARealClientThereFromBeingVerified() {
        for (int i = 0; i < 40; i++) {
            FailedAuthenticationThrottle.Attempt guess = madeUp("made-up-" + i, "10.0.0.3");
            if (throttle.tryAttempt(guess, start).isEmpty()) {
                throttle.attemptEnded(guess, true, start);
            }
        }
        assertTrue(blocked(madeUp("made-up-41", "10.0.0.3"), start).isPresent());
        assertEquals(Optional.empty(), blocked(existing("cdc", "10.0.0.3"), start));
    }

    @Test
    void aLockedClientIdGetsOneVerificationPerIntervalFromAnyAddress() {
        for (int i = 0; i < PER_CLIENT; i++) {
            fail(existing("cdc", "10.0.1." + i), start);
        }
        // The first attempt after the lock is verified: a right secret would get its token, a wrong one counts.
        fail(existing("cdc", "10.0.2.1"), start.plusSeconds(1));
        assertEquals(Optional.of(LOCKED_INTERVAL), blocked(existing("cdc", "10.0.2.2"), start.plusSeconds(1)));
        assertEquals(Optional.of(Duration.ofSeconds(1)), blocked(existing("cdc", "10.0.2.2"), start.plusSeconds(10)));
        assertEquals(Optional.empty(), blocked(existing("cdc", "10.0.2.2"), start.plusSeconds(11)));
        assertEquals(Optional.empty(), blocked(existing("other", "10.0.2.1"), start.plusSeconds(11)));
    }

    @Test
    void aCredentialVerifiedBeforeIsNeverRefused() {
        for (int i = 0; i < PER_CLIENT; i++) {
            fail(existing("cdc", "10.0.3." + i), start);
        }
        fail(existing("cdc", "10.0.3.9"), start);
        for (int i = 0; i < 3; i++) {
            FailedAuthenticationThrottle.Attempt client = new FailedAuthenticationThrottle.Attempt("cdc", true, true,
                    "10.0.3.9");
            assertEquals(Optional.empty(), throttle.tryAttempt(client, start.plusSeconds(i)));
            throttle.attemptEnded(client, false, start.plusSeconds(i));
        }
    }

    @Test
    void aNewWindowStartsAfterThePreviousEnds() {
        for (int i = 0; i < PER_ADDRESS; i++) {
            fail(madeUp("c", "10.0.4.1"), start);
        }
        fail(madeUp("c", "10.0.4.1"), start.plusSeconds(61));
        assertEquals(Optional.empty(), blocked(madeUp("c", "10.0.4.1"), start.plusSeconds(61)));
    }

    @Test
    void aParallelBurstGetsNoMoreAttemptsThanTheLimits() {
        int madeUpAdmitted = 0;
        int existingAdmitted = 0;
        for (int i = 0; i < 50; i++) {
            // Fifty requests of each arrive before any verification ends.
            if (throttle.tryAttempt(madeUp("client-" + i, "10.0.5.1"), start).isEmpty()) {
                madeUpAdmitted++;
            }
            if (throttle.tryAttempt(existing("cdc", "10.0.6." + i), start).isEmpty()) {
                existingAdmitted++;
            }
        }
        assertEquals(PER_ADDRESS, madeUpAdmitted, "the address's attempts, not fifty");
        assertEquals(PER_CLIENT + 1, existingAdmitted, "the client id's attempts and one locked turn, not fifty");
    }

    @Test
    void successfulAttemptsAreGivenBackAndNeverAddUp() {
        for (int i = 0; i < 50; i++) {
            assertEquals(Optional.empty(), throttle.tryAttempt(existing("cdc", "10.0.7.1"), start));
            throttle.attemptEnded(existing("cdc", "10.0.7.1"), false, start);
        }
        assertEquals(Optional.empty(), blocked(existing("cdc", "10.0.7.1"), start));
        assertEquals(0, throttle.tracked());
    }

    @Test
    void twoHundredThousandCallersKeepTheCountsUnderTheirBound() {
        for (int i = 0; i < 200_000; i++) {
            String address = "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
            fail(madeUp("made-up-" + i, address), start);
            assertTrue(throttle.tracked() <= MAX_TRACKED, "tracked " + throttle.tracked() + " after " + i);
        }
        assertTrue(throttle.tracked() >= MAX_TRACKED / 2, "the bound is used, not emptied: " + throttle.tracked());
    }

    @Test
    void floodingTheCountsWithNewAddressesDoesNotForgetALockedOne() {
        for (int i = 0; i < PER_ADDRESS; i++) {
            fail(madeUp("made-up", "192.0.2.1"), start);
        }
        for (int i = 0; i < 200_000; i++) {
            String address = "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
            fail(madeUp("made-up-" + i, address), start.plusMillis(i / 10));
        }
        assertTrue(blocked(madeUp("made-up", "192.0.2.1"), start.plusSeconds(30)).isPresent());
    }

    @Test
    void theTrackedGaugeReadsTheClientIdsAndAddressesHoldingCounts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Only throttle() is read by the throttle: the rest of the service's configuration is not needed here.
        TokenServiceConfig service = (TokenServiceConfig) Proxy.newProxyInstance(TokenServiceConfig.class.getClassLoader(),
                new Class<?>[] { TokenServiceConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("throttle")) {
                        return config();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        FailedAuthenticationThrottle measured = new FailedAuthenticationThrottle(service, registry);
        Gauge tracked = registry.get("token.throttle.tracked").gauge();
        assertEquals(0.0, tracked.value());

        for (FailedAuthenticationThrottle.Attempt attempt : List.of(existing("cdc", "10.0.9.1"),
                madeUp("guess", "10.0.9.1"), madeUp("guess", "10.0.9.2"))) {
            measured.tryAttempt(attempt, start);
            measured.attemptEnded(attempt, true, start);
        }

        assertEquals(3.0, tracked.value(), "the client id cdc and two addresses; a made-up id holds no count");
    }

    private static FailedAuthenticationThrottle.Attempt madeUp(String clientId, String address) {
        return new FailedAuthenticationThrottle.Attempt(clientId, false, false, address);
    }

    private static FailedAuthenticationThrottle.Attempt existing(String clientId, String address) {
        return new FailedAuthenticationThrottle.Attempt(clientId, true, false, address);
    }

    private void fail(FailedAuthenticationThrottle.Attempt attempt, Instant at) {
        assertEquals(Optional.empty(), throttle.tryAttempt(attempt, at));
        throttle.attemptEnded(attempt, true, at);
    }

    /** Whether an attempt now would be refused; an admitted one is ended as a success, so it counts for nothing. */
    private Optional<Duration> blocked(FailedAuthenticationThrottle.Attempt attempt, Instant at) {
        Optional<Duration> blocked = throttle.tryAttempt(attempt, at);
        if (blocked.isEmpty()) {
            throttle.attemptEnded(attempt, false, at);
        }
        return blocked;
    }

    private static TokenServiceConfig.Throttle config() {
        return new TokenServiceConfig.Throttle() {
            @Override
            public int maxFailuresPerClient() {
                return PER_CLIENT;
            }

            @Override
            public int maxFailuresPerAddress() {
                return PER_ADDRESS;
            }

            @Override
            public Duration window() {
                return WINDOW;
            }

            @Override
            public Duration lockedVerificationInterval() {
                return LOCKED_INTERVAL;
            }

            @Override
            public int maxTrackedKeys() {
                return MAX_TRACKED;
            }

            @Override
            public Optional<List<String>> trustedProxies() {
                return Optional.empty();
            }
        };
    }
}
