package dev.profilebridge.console.model;

import java.time.Instant;
import java.util.Locale;

/** A replay or dry run as a connector's {@code /ops/replays} answers it: the audit row with its progress. */
public record Replay(String id, String connector, String requestedBy, Instant requestedAt, Request request,
        boolean dryRun, String status, Counts counts, Instant updatedAt, Instant finishedAt, String error) {

    public record Request(ReplayFilter filter, boolean dryRun, Integer maxPerSecond, Integer limit) {
    }

    public record Counts(int matched, int replayed, int stale, int excluded) {

        public int decided() {
            return replayed + stale + excluded;
        }
    }

    public String state() {
        return status == null ? "" : status.toLowerCase(Locale.ROOT);
    }

    public boolean running() {
        return "running".equals(state());
    }

    public boolean paused() {
        return "paused".equals(state());
    }

    public boolean finished() {
        return !running() && !paused();
    }
}
