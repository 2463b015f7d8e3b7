package dev.profilebridge.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToAHundredIsThePercentItself() {
        Percentiles percentiles = new Percentiles(IntStream.rangeClosed(1, 100).mapToDouble(i -> 101 - i).toArray());

        assertEquals(50, percentiles.at(50));
        assertEquals(95, percentiles.at(95));
        assertEquals(99, percentiles.at(99));
        assertEquals(100, percentiles.at(100));
        assertEquals(1, percentiles.at(0.5));
    }

    @Test
    void aPercentileIsAlwaysAMeasuredSample() {
        Percentiles percentiles = new Percentiles(new double[] {10, 20, 30, 1000});

        assertEquals(20, percentiles.at(50));
        assertEquals(1000, percentiles.at(99), "the one slow answer of four is the p99");
    }

    @Test
    void noSamplesAndPercentsOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Percentiles(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new Percentiles(new double[] {1}).at(0));
        assertThrows(IllegalArgumentException.class, () -> new Percentiles(new double[] {1}).at(101));
    }
}
