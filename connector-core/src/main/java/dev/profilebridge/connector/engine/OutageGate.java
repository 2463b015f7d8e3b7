package dev.profilebridge.connector.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the target counts as down for everyone: after {@code failure-threshold} failed requests in a row it is, and
 * then one probe request goes out per {@code probe-interval} (none while another is out), and nothing is dead-lettered
 * for it; the first request that gets an answer opens the gate again. Used on the engine's context only; {@link #down()}
 * is read by readiness on another thread.
 */
final class OutageGate {

    private final int failureThreshold;
    private final Duration probeInterval;
    private int consecutiveFailures;
    private volatile boolean down;
    private Instant nextProbe = Instant.MIN;

    OutageGate(int failureThreshold, Duration probeInterval) {
        this.failureThreshold = failureThreshold;
        this.probeInterval = probeInterval;
    }

    boolean down() {
        return down;
    }

    /** A request failed as a whole; true when this failure closed the gate. */
    boolean failed(Instant now) {
        consecutiveFailures++;
        if (!down && consecutiveFailures >= failureThreshold) {
            down = true;
            nextProbe = now.plus(probeInterval);
            return true;
        }
        return false;
    }

    /** A request got an answer; true when this reopened the gate. */
    boolean answered() {
        consecutiveFailures = 0;
        boolean wasDown = down;
        down = false;
        return wasDown;
    }

    /** While down: whether a probe may go out now (and if so, the next one waits a full interval). */
    boolean mayProbe(Instant now, int inFlight) {
        if (inFlight > 0 || now.isBefore(nextProbe)) {
            return false;
        }
        nextProbe = now.plus(probeInterval);
        return true;
    }

    /** While down with nothing out: how long until the next probe may go. */
    Duration untilNextProbe(Instant now) {
        return Duration.between(now, nextProbe).isNegative() ? Duration.ZERO : Duration.between(now, nextProbe);
    }
}
