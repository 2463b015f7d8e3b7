package dev.profilebridge.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A connector run's delivered count over time, as a benchmark polled it: lines {@code seconds<TAB>delivered}
 * (cumulative), after optional {@code # title ...} and {@code # bound N} lines.
 */
record Series(String title, Double bound, List<double[]> samples) {

    static Series read(Path file) throws IOException {
        String title = file.getFileName().toString().replaceFirst("\\.tsv$", "");
        Double bound = null;
        List<double[]> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("# title ")) {
                title = line.substring(8).trim();
            } else if (line.startsWith("# bound ")) {
                bound = Double.valueOf(line.substring(8).trim());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] fields = line.trim().split("\\s+");
                samples.add(new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1])});
            }
        }
        return new Series(title, bound, samples);
    }

    /**
     * Delivered/s over windows of at least {@code windowSeconds}, each at its end's time from the first sample: a poll
     * every 0.2 s sees the sandbox's count move in steps of whole batches, too coarse for a rate of its own.
     */
    double[][] rates(double windowSeconds) {
        List<double[]> rates = new ArrayList<>();
        if (samples.isEmpty()) {
            return new double[0][];
        }
        double[] start = samples.get(0);
        double[] windowStart = start;
        for (double[] sample : samples) {
            double seconds = sample[0] - windowStart[0];
            if (seconds >= windowSeconds) {
                rates.add(new double[] {sample[0] - start[0], (sample[1] - windowStart[1]) / seconds});
                windowStart = sample;
            }
        }
        return rates.toArray(new double[0][]);
    }
}
