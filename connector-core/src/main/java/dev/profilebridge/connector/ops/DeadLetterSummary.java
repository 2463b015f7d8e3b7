package dev.profilebridge.connector.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a connector's dead-letter topic holds, at a glance: how many, by error class, HTTP status and age, and the
 * oldest.
 *
 * @param byAge counts under the buckets {@code <1h}, {@code 1h-24h}, {@code 1d-7d}, {@code >7d} of the last failure
 * @param oldest the dead letter with the earliest last failure, or null when there is none
 */
public record DeadLetterSummary(String connector, String topic, int total, Map<String, Integer> byReason,
        Map<Integer, Integer> byStatus, Map<String, Integer> byAge, DeadLetterEntry oldest) {

    private static final List<Duration> AGE_LIMITS = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
    private static final List<String> AGE_BUCKETS = List.of("<1h", "1h-24h", "1d-7d", ">7d");

    public static DeadLetterSummary of(String connector, String topic, List<DeadLetterEntry> entries, Instant now) {
        Map<String, Integer> byReason = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byAge = new LinkedHashMap<>();
        AGE_BUCKETS.forEach(bucket -> byAge.put(bucket, 0));
        for (DeadLetterEntry entry : entries) {
            byReason.merge(String.valueOf(entry.letter().errorClass()), 1, Integer::sum);
            byStatus.merge(entry.letter().httpStatus(), 1, Integer::sum);
            byAge.merge(ageBucket(Duration.between(entry.lastFailure(), now)), 1, Integer::sum);
        }
        DeadLetterEntry oldest = entries.stream().min(Comparator.comparing(DeadLetterEntry::lastFailure)).orElse(null);
        return new DeadLetterSummary(connector, topic, entries.size(), byReason, byStatus, byAge, oldest);
    }

    private static String ageBucket(Duration age) {
        for (int i = 0; i < AGE_LIMITS.size(); i++) {
            if (age.compareTo(AGE_LIMITS.get(i)) < 0) {
                return AGE_BUCKETS.get(i);
            }
        }
        return AGE_BUCKETS.get(AGE_BUCKETS.size() - 1);
    }
}
