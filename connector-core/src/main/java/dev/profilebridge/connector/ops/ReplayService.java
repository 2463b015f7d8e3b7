package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.persistence.DeliveryStates;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import dev.profilebridge.wire.kafka.KafkaLookup;

/**
 * Asks for replays and answers dry runs. A dry run decides every matching dead letter exactly as the runner would
 * (same snapshot of the dead-letter topic, same staleness rule, same loop guard) and is audited like a replay; a
 * real replay is stored as running, with the dead-letter topic's end as its snapshot, for a runner to claim.
 */
@ApplicationScoped
public class ReplayService {

    private final ConnectorConfig connector;
    private final OperatorConfig config;
    private final ReplayStore replays;
    private final DeadLetterLog deadLetters;
    private final DeliveryStates states;
    private final OperatorKafka kafka;

    ReplayService(ConnectorConfig connector, OperatorConfig config, ReplayStore replays, DeadLetterLog deadLetters,
            DeliveryStates states, OperatorKafka kafka) {
        this.connector = connector;
        this.config = config;
        this.replays = replays;
        this.deadLetters = deadLetters;
        this.states = states;
        this.kafka = kafka;
    }

    /** The first {@code limit} entries (all when null). */
    static List<DeadLetterEntry> limit(List<DeadLetterEntry> entries, Integer limit) {
        return limit == null || limit >= entries.size() ? entries : entries.subList(0, limit);
    }

    /** Stores the replay (a dry run: with its counts, done) and answers it as stored. */
    public Uni<Replay> start(ReplayRequest asked, String requestedBy) {
        ReplayRequest request = new ReplayRequest(asked.filter() == null ? DeadLetterFilter.ALL : asked.filter(),
                asked.dryRun(), asked.maxPerSecond() == null ? config.replay().defaultMaxPerSecond() : asked.maxPerSecond(),
                asked.limit());
        return Uni.createFrom().item(() -> snapshot(request))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(snapshot -> counts(request, snapshot).map(counts -> {
                    Instant now = Instant.now();
                    return new Replay(UUID.randomUUID(), connector.name(), requestedBy, now, request, request.dryRun(),
                            request.dryRun() ? Replay.Status.DONE : Replay.Status.RUNNING, snapshot.end(), Map.of(),
                            null, counts, now, request.dryRun() ? now : null, null);
                }))
                .call(replays::insert);
    }

    /** The dead-letter topic's end when the replay was asked, and what of it the replay covers. */
    private record Snapshot(Map<Integer, Long> end, List<DeadLetterEntry> entries) {
    }

    private Snapshot snapshot(ReplayRequest request) {
        try (KafkaLookup session = kafka.session()) {
            Map<Integer, Long> end = deadLetters.end(session);
            return new Snapshot(end, limit(deadLetters.read(session, end, request.filter()), request.limit()));
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException(e.getMessage());
        }
    }

    /** A replay starts with its matches counted; a dry run with every decision made. */
    private Uni<Replay.Counts> counts(ReplayRequest request, Snapshot snapshot) {
        if (!request.dryRun()) {
            return Uni.createFrom().item(Replay.Counts.matched(snapshot.entries().size()));
        }
        List<String> uids = snapshot.entries().stream().map(DeadLetterEntry::uid).filter(Objects::nonNull).distinct()
                .toList();
        return states.find(connector.name(), uids).map(confirmed -> {
            Replay.Counts counts = Replay.Counts.matched(snapshot.entries().size());
            for (DeadLetterEntry entry : snapshot.entries()) {
                DeliveryState state = entry.uid() == null ? null : confirmed.get(entry.uid());
                counts = counts.plus(ReplayDecision.of(entry, state, config.replay().maxCount()));
            }
            return counts;
        });
    }

    public Uni<Optional<Replay>> find(UUID id) {
        return replays.find(connector.name(), id);
    }
}
