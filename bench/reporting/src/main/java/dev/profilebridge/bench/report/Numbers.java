package dev.profilebridge.bench.report;

import java.util.Locale;

/** How the report writes numbers: ratios with two decimals, rates and milliseconds grouped, no more digits than meant. */
final class Numbers {

    private Numbers() {
    }

    static String format(double value) {
        if (Math.abs(value) < 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
