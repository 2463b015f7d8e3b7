package dev.profilebridge.bench.freshness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StampsTest {

    private static final long MS = 1_000_000;

    private final Stamps stamps = new Stamps();
    private final Phase phase = new Phase("50");

    @Test
    void freshnessIsFromTheAcknowledgementToTheConfirmationWhicheverComesFirst() {
        stamps.expect("u1", 1, phase);
        stamps.expect("u2", 2, phase);

        stamps.acknowledged("u1", 1, 100 * MS);
        stamps.confirmed("u1", "F1", 350 * MS);
        stamps.confirmed("u2", "F2", 390 * MS);
        stamps.acknowledged("u2", 2, 400 * MS);

        assertArrayEquals(new double[] {250, -10}, phase.latenciesMs(), 1e-9);
    }

    @Test
    void aNewerVersionConfirmedConfirmsTheOlderOnesItSuperseded() {
        stamps.expect("u1", 1, phase);
        stamps.expect("u1", 7, phase);
        stamps.acknowledged("u1", 1, 100 * MS);
        stamps.acknowledged("u1", 7, 200 * MS);

        stamps.confirmed("u1", "F7", 500 * MS);

        assertArrayEquals(new double[] {400, 300}, phase.latenciesMs(), 1e-9);
    }

    @Test
    void anOlderVersionConfirmedDoesNotConfirmANewerOne() {
        stamps.expect("u1", 1, phase);
        stamps.expect("u1", 7, phase);
        stamps.acknowledged("u1", 1, 100 * MS);
        stamps.acknowledged("u1", 7, 200 * MS);

        stamps.confirmed("u1", "F1", 300 * MS);

        assertEquals(1, phase.confirmed());
        assertEquals(1, stamps.confirmations(), "every confirmation counts for the throughput series");
    }
}
