package dev.profilebridge.bench.report;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One measured figure of a run: its value, the baseline measured in the same run (when it is a ratio), how many
 * answers were checked to count it and how many of those were errors, and what it must reach. A figure over errors is
 * refused: it has no shown value, whatever was measured.
 *
 * @param value what was measured (profiles/s, requests/s, milliseconds), or null when nothing was
 * @param baseline the same run's baseline, or null when the figure is not a ratio
 * @param checked the answers (requests, profiles) the figure counted, each checked
 * @param errors the checked answers that were wrong: non-2xx, a body of the wrong shape, a profile never confirmed
 * @param details further numbers kept with the figure (a freshness run's p50 and p95, an achieved rate)
 */
public record Figure(String id, String label, String unit, Double value, Double baseline, long checked, long errors,
        Target target, String note, Map<String, Double> details) {

    public Figure {
        // In the order given: the table shows p50 before p95.
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        note = note == null ? "" : note;
    }

    /** Why the figure is not shown, or empty when it is. */
    public Optional<String> refusal() {
        if (errors > 0) {
            return Optional.of(errors + " of " + checked + " answers were errors");
        }
        if (value == null || value.isNaN()) {
            return Optional.of("not measured");
        }
        if (checked <= 0) {
            return Optional.of("no answer was checked");
        }
        if (baseline != null && !(baseline > 0)) {
            return Optional.of("no baseline");
        }
        return Optional.empty();
    }

    /** What is compared with the target: the ratio to the baseline, or the value itself; empty when refused. */
    public OptionalDouble shown() {
        if (refusal().isPresent()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(baseline == null ? value : value / baseline);
    }

    /** Whether the target is met; empty when the figure has no target or is refused. */
    public Optional<Boolean> met() {
        OptionalDouble shown = shown();
        if (target == null || shown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(target.metBy(shown.getAsDouble()));
    }

    public boolean isRatio() {
        return baseline != null;
    }
}
