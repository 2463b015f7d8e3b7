package dev.profilebridge.connector.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.profilebridge.connector.engine.ProfileRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads and writes the delta tracking: per connector and UID, the last version the target confirmed. */
@ApplicationScoped
public class DeliveryStateStore {

    private final DeliveryStateRepository repository;

    DeliveryStateStore(DeliveryStateRepository repository) {
        this.repository = repository;
    }

    public Uni<Map<String, DeliveryState>> find(String connector, Collection<String> uids) {
        return Panache.withSession(() -> repository.list("connector = ?1 and uid in ?2", connector, uids))
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> row.uid, Function.identity())));
    }

    /** Records what the target confirmed; a row never moves back to an older change time. */
    public Uni<Void> confirm(String connector, List<ProfileRecord> delivered) {
        if (delivered.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        List<String> uids = delivered.stream().map(ProfileRecord::uid).toList();
        return Panache.withTransaction(() -> repository.list("connector = ?1 and uid in ?2", connector, uids)
                .chain(rows -> {
                    Map<String, DeliveryState> existing = rows.stream()
                            .collect(Collectors.toMap(row -> row.uid, Function.identity()));
                    List<DeliveryState> created = delivered.stream()
                            .map(record -> apply(existing.get(record.uid()), connector, record, now))
                            .filter(state -> !existing.containsKey(state.uid))
                            .toList();
                    return created.isEmpty() ? Uni.createFrom().voidItem() : repository.persist(created);
                }));
    }

    private static DeliveryState apply(DeliveryState state, String connector, ProfileRecord record, Instant now) {
        DeliveryState row = state != null ? state : new DeliveryState();
        if (state != null && !record.changedAt().isAfter(state.changedAt)) {
            return row;
        }
        row.connector = connector;
        row.uid = record.uid();
        row.changedAt = record.changedAt();
        row.sourceTopic = record.topic();
        row.sourcePartition = record.partition();
        row.sourceOffset = record.offset();
        if (record.targetId() != null) {
            row.targetId = record.targetId();
            row.targetEtag = record.targetEtag();
        }
        row.updatedAt = now;
        return row;
    }
}
