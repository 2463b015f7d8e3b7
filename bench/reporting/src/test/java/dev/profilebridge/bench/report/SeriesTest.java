package dev.profilebridge.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesTest {

    @Test
    void ratesAreTakenOverWindowsOfAtLeastTheGivenLength(@TempDir Path dir) throws IOException {
        Series series = Series.read(Files.writeString(dir.resolve("marketing-warm.tsv"), """
                # title Marketing Cloud, warm
                # bound 4000
                10.0\t0
                10.5\t1000
                11.0\t2000
                11.5\t2000
                12.0\t5000
                """));

        assertEquals("Marketing Cloud, warm", series.title());
        assertEquals(4000, series.bound());
        double[][] rates = series.rates(1.0);
        assertEquals(2, rates.length);
        assertArrayEquals(new double[] {1.0, 2000}, rates[0], 1e-9);
        assertArrayEquals(new double[] {2.0, 3000}, rates[1], 1e-9);
    }
}
