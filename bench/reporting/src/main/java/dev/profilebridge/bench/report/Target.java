package dev.profilebridge.bench.report;

/** What a figure must reach: at least, or below, a threshold (a ratio when the figure has a baseline). */
public record Target(Comparison comparison, double threshold) {

    public enum Comparison {
        AT_LEAST("≥"), BELOW("<");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }
    }

    public static Target atLeast(double threshold) {
        return new Target(Comparison.AT_LEAST, threshold);
    }

    public static Target below(double threshold) {
        return new Target(Comparison.BELOW, threshold);
    }

    public boolean metBy(double shown) {
        return comparison == Comparison.AT_LEAST ? shown >= threshold : shown < threshold;
    }

    @Override
    public String toString() {
        return comparison.symbol + " " + Numbers.format(threshold);
    }
}
