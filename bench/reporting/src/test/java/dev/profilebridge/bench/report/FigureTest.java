package dev.profilebridge.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FigureTest {

    private static Figure ratio(double value, double baseline, long checked, long errors) {
        return new Figure("token.reuse", "token", "tokens/s", value, baseline, checked, errors, Target.atLeast(0.5), "",
                Map.of());
    }

    @Test
    void aRatioOverCheckedAnswersIsShownAndComparedWithItsTarget() {
        Figure figure = ratio(10_200, 10_000, 763_102, 0);

        assertEquals(1.02, figure.shown().getAsDouble(), 1e-9);
        assertEquals(Optional.of(true), figure.met());
    }

    /** Issue 18: 1.02 of the bare endpoint was printed while all 763,102 answers were non-2xx. */
    @Test
    void aRatioOverErrorsIsRefusedWhateverItsValue() {
        Figure figure = ratio(10_200, 10_000, 763_102, 763_102);

        assertTrue(figure.shown().isEmpty());
        assertEquals(Optional.of("763102 of 763102 answers were errors"), figure.refusal());
        assertEquals(Optional.empty(), figure.met(), "a refused figure meets nothing");
    }

    @Test
    void oneErrorIsEnoughToRefuse() {
        assertTrue(ratio(10_200, 10_000, 763_102, 1).shown().isEmpty());
    }

    @Test
    void aFigureWithoutCheckedAnswersOrBaselineIsRefused() {
        assertEquals(Optional.of("no answer was checked"), ratio(10_200, 10_000, 0, 0).refusal());
        assertEquals(Optional.of("no baseline"), ratio(10_200, 0, 10, 0).refusal());
        assertEquals(Optional.of("not measured"), new Figure("x", "x", "", null, null, 1, 0, null, null, null).refusal());
    }

    @Test
    void aValueBelowItsLatencyTargetMeetsIt() {
        Figure p99 = new Figure("freshness.c4c.50", "p99", "ms", 420.0, null, 9_000, 0, Target.below(500), "", Map.of());
        Figure slow = new Figure("freshness.c4c.50", "p99", "ms", 500.0, null, 9_000, 0, Target.below(500), "", Map.of());

        assertEquals(Optional.of(true), p99.met());
        assertFalse(slow.met().orElseThrow(), "the target is strictly below");
    }
}
