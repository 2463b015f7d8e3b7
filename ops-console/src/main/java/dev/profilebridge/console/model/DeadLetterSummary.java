package dev.profilebridge.console.model;

import java.util.Map;

/** A connector's {@code GET /ops/dead-letters/summary}. */
public record DeadLetterSummary(String connector, String topic, int total, Map<String, Integer> byReason,
        Map<String, Integer> byStatus, Map<String, Integer> byAge) {
}
