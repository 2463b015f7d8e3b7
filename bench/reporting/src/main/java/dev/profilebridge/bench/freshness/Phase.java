package dev.profilebridge.bench.freshness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One load level's profiles: how many were sent, acknowledged, wrong, and the freshness of each confirmed one. */
final class Phase {

    final String name;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong answers = new AtomicLong();
    private final List<Double> latenciesMs = new ArrayList<>();

    Phase(String name) {
        this.name = name;
    }

    synchronized void fresh(long acknowledgedAt, long confirmedAt) {
        latenciesMs.add((confirmedAt - acknowledgedAt) / 1e6);
    }

    synchronized double[] latenciesMs() {
        return latenciesMs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    synchronized int confirmed() {
        return latenciesMs.size();
    }
}
