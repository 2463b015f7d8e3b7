package dev.profilebridge.connector.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class OutageGateTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theGateClosesAfterTheThresholdOfFailuresInARowAndAnAnswerResetsTheCount() {
        OutageGate gate = new OutageGate(3, Duration.ofSeconds(5));
        assertFalse(gate.failed(T0));
        assertFalse(gate.failed(T0));
        assertFalse(gate.answered(), "it was not down");
        assertFalse(gate.failed(T0));
        assertFalse(gate.failed(T0));
        assertTrue(gate.failed(T0), "the third failure in a row closes it");
        assertTrue(gate.down());
        assertFalse(gate.failed(T0), "already down");
        assertTrue(gate.answered(), "the first answer opens it");
        assertFalse(gate.down());
    }

    @Test
    void whileDownOneProbeGoesOutPerIntervalAndNoneWhileAnotherIsOut() {
        OutageGate gate = new OutageGate(1, Duration.ofSeconds(5));
        gate.failed(T0);
        assertFalse(gate.mayProbe(T0.plusSeconds(4), 0), "not before the interval");
        assertEquals(Duration.ofSeconds(1), gate.untilNextProbe(T0.plusSeconds(4)));
        assertFalse(gate.mayProbe(T0.plusSeconds(5), 1), "not while a request is out");
        assertTrue(gate.mayProbe(T0.plusSeconds(5), 0));
        assertFalse(gate.mayProbe(T0.plusSeconds(6), 0), "the next one waits a full interval");
        assertTrue(gate.mayProbe(T0.plusSeconds(10), 0));
        assertEquals(Duration.ZERO, gate.untilNextProbe(T0.plusSeconds(20)));
    }
}
