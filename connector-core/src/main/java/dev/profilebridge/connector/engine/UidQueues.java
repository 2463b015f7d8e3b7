package dev.profilebridge.connector.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The engine's buffer: one FIFO queue of records per UID, of which only the head may be out at the target, and the
 * line of UIDs whose head is ready to go. This is what keeps per-UID order: a UID's next record becomes its head only
 * when the previous one is finished, and a UID is in the ready line at most once.
 * <p>
 * Not thread-safe: the engine uses it from its one event-loop context only.
 *
 * @param <R> the buffered record
 */
final class UidQueues<R> {

    private final Map<String, ArrayDeque<R>> queues = new HashMap<>();
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    /** UIDs whose head is taken: out at the target, or waiting for a retry. */
    private final Set<String> taken = new HashSet<>();
    private int buffered;
    private Instant readySince;

    /**
     * Puts the record behind its UID's others. True when it is the UID's head and the UID is idle: its delivery
     * state is to be looked up before it is ready.
     */
    boolean add(String uid, R record) {
        ArrayDeque<R> queue = queues.computeIfAbsent(uid, k -> new ArrayDeque<>());
        queue.add(record);
        buffered++;
        return queue.size() == 1 && !taken.contains(uid);
    }

    /** The UID's first record, or null when none is buffered. */
    R head(String uid) {
        ArrayDeque<R> queue = queues.get(uid);
        return queue == null ? null : queue.peek();
    }

    /** The record is still its UID's head (its UID was not dropped meanwhile). */
    boolean isHead(String uid, R record) {
        return record != null && head(uid) == record;
    }

    boolean contains(String uid) {
        return queues.containsKey(uid);
    }

    /** The UID's head may go out, after the UIDs already in line. */
    void ready(String uid, Instant now) {
        startWaiting(now);
        ready.add(uid);
    }

    /** The UID's head goes out before the others in line (a record sent again alone). */
    void readyFirst(String uid, Instant now) {
        startWaiting(now);
        ready.addFirst(uid);
    }

    int readyCount() {
        return ready.size();
    }

    /** How long the oldest of the UIDs now in line has waited (zero when none waits). */
    Duration readyWaited(Instant now) {
        return readySince == null ? Duration.ZERO : Duration.between(readySince, now);
    }

    /**
     * Takes the heads of the next UIDs in line, up to {@code count}; a record that must go {@code alone} ends the
     * batch before it, or is the batch.
     */
    List<R> take(int count, Predicate<R> alone, Instant now) {
        List<R> batch = new ArrayList<>(Math.min(count, ready.size()));
        while (batch.size() < count && !ready.isEmpty()) {
            R next = head(ready.peek());
            if (alone.test(next) && !batch.isEmpty()) {
                break;
            }
            taken.add(ready.poll());
            batch.add(next);
            if (alone.test(next)) {
                break;
            }
        }
        readySince = ready.isEmpty() ? null : now;
        return batch;
    }

    /** The UID's head is back (to be retried or looked up again): it is no longer taken. */
    void release(String uid) {
        taken.remove(uid);
    }

    /** The UID's head is finished. True when another of its records is waiting: the new head. */
    boolean finishHead(String uid) {
        taken.remove(uid);
        ArrayDeque<R> queue = queues.get(uid);
        queue.poll();
        buffered--;
        if (queue.isEmpty()) {
            queues.remove(uid);
            return false;
        }
        return true;
    }

    /** Lets every record of the UID go (unfinished). Returns how many there were. */
    int drop(String uid) {
        ArrayDeque<R> queue = queues.remove(uid);
        if (queue == null) {
            return 0;
        }
        buffered -= queue.size();
        ready.removeIf(uid::equals);
        taken.remove(uid);
        return queue.size();
    }

    /** The UIDs with buffered records, as a copy (to drop some while going through them). */
    List<String> uids() {
        return List.copyOf(queues.keySet());
    }

    /** Records buffered over all UIDs. */
    int buffered() {
        return buffered;
    }

    private void startWaiting(Instant now) {
        if (ready.isEmpty()) {
            readySince = now;
        }
    }
}
