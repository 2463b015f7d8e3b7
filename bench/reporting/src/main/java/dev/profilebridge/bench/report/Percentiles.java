package dev.profilebridge.bench.report;

import java.util.Arrays;

/** Percentiles of a sample by the nearest-rank method: every reported value is one that was measured. */
public final class Percentiles {

    private final double[] sorted;

    public Percentiles(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = samples.clone();
        Arrays.sort(sorted);
    }

    /** The smallest sample with at least {@code percent} % of the samples at or below it. */
    public double at(double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in (0, 100], was " + percent);
        }
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    public int count() {
        return sorted.length;
    }
}
