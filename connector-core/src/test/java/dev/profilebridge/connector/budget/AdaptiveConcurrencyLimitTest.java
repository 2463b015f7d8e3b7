package dev.profilebridge.connector.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdaptiveConcurrencyLimitTest {

    @Test
    void throttlingHalvesTheLimitAndARoundOfSuccessesRaisesItByOneUpToTheSlotsHeld() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(8);
        assertEquals(8, limit.current(8));
        assertEquals(3, limit.current(3), "never above the slots held");

        limit.throttled(8);
        assertEquals(4, limit.current(8));
        limit.throttled(8);
        limit.throttled(8);
        limit.throttled(8);
        assertEquals(1, limit.current(8), "never below one");

        limit.succeeded(8);
        assertEquals(2, limit.current(8), "one success at a limit of one is a round");
        limit.succeeded(8);
        assertEquals(2, limit.current(8));
        limit.succeeded(8);
        assertEquals(3, limit.current(8), "two successes at a limit of two");
        for (int i = 0; i < 100; i++) {
            limit.succeeded(5);
        }
        assertEquals(5, limit.current(8), "growth stops at the slots held when it grew");
    }

    @Test
    void aLimitNeverThrottledUsesMoreSlotsAsSoonAsItHoldsThemAndAThrottleHalvesWhatWasInUse() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(8);
        for (int i = 0; i < 20; i++) {
            limit.succeeded(2);
        }
        assertEquals(8, limit.current(8), "its share grew from 2 to 8: all 8 at once");

        limit.throttled(3);
        assertEquals(1, limit.current(8), "3 slots in use, halved");
    }
}
