package dev.profilebridge.connector.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the engine knows per Kafka partition: records pending and out at the target, when one last finished, and
 * whether the partition was revoked. Revocation waits for the partition's records out at the target, so that their
 * outcome is in the delivery state before the partition's next owner reads it. Used on the engine's context only.
 */
final class PartitionTracker {

    private static final class State {
        int pending;
        int out;
        Instant lastProgress = Instant.now();
    }

    private record Revocation(Set<String> partitions, CompletableFuture<Void> done) {
    }

    private final Map<String, State> states = new HashMap<>();
    private final Set<String> revoked = new HashSet<>();
    private final List<Revocation> revocations = new ArrayList<>();

    static String key(String topic, int partition) {
        return topic + "-" + partition;
    }

    void added(String partition) {
        state(partition).pending++;
    }

    /** A record was finished (delivered, skipped, dead-lettered): progress. */
    void finished(String partition) {
        State state = states.get(partition);
        if (state != null) {
            state.pending--;
            state.lastProgress = Instant.now();
        }
    }

    /** Records of a revoked partition let go unfinished: the next owner reads them again. */
    void dropped(String partition, int count) {
        State state = states.get(partition);
        if (state != null) {
            state.pending -= count;
        }
    }

    void sent(String partition) {
        state(partition).out++;
    }

    /** A record came back from the target (whatever the outcome) and its outcome is recorded. */
    void returned(String partition) {
        State state = states.get(partition);
        if (state != null) {
            state.out--;
            completeRevocations();
        }
    }

    boolean isRevoked(String partition) {
        return revoked.contains(partition);
    }

    /** Done once none of these partitions has a record out at the target. */
    CompletableFuture<Void> revoke(Collection<String> partitions) {
        revoked.addAll(partitions);
        Revocation revocation = new Revocation(Set.copyOf(partitions), new CompletableFuture<>());
        revocations.add(revocation);
        completeRevocations();
        return revocation.done();
    }

    /** Partitions assigned (again): a revocation still waiting for them is over, its records were let go. */
    void assigned(Collection<String> partitions) {
        revoked.removeAll(partitions);
        for (Iterator<Revocation> all = revocations.iterator(); all.hasNext();) {
            Revocation revocation = all.next();
            if (revocation.partitions().stream().anyMatch(partitions::contains)) {
                revocation.done().complete(null);
                all.remove();
            }
        }
        partitions.forEach(partition -> {
            State state = new State();
            states.put(partition, state);
        });
    }

    /** Partitions with records pending and none finished for longer than {@code after}. */
    int stuck(Duration after) {
        Instant limit = Instant.now().minus(after);
        return (int) states.entrySet().stream().filter(entry -> !revoked.contains(entry.getKey()))
                .map(Map.Entry::getValue).filter(state -> state.pending > 0 && state.lastProgress.isBefore(limit)).count();
    }

    private void completeRevocations() {
        for (Iterator<Revocation> all = revocations.iterator(); all.hasNext();) {
            Revocation revocation = all.next();
            if (revocation.partitions().stream().allMatch(partition -> !states.containsKey(partition)
                    || states.get(partition).out <= 0)) {
                revocation.partitions().forEach(states::remove);
                revocation.done().complete(null);
                all.remove();
            }
        }
    }

    private State state(String partition) {
        return states.computeIfAbsent(partition, key -> new State());
    }
}
