package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.persistence.DeliveryStates;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ProfileEventFields;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import dev.profilebridge.wire.kafka.KafkaLookup;

/**
 * Answers "where is profile X" for this connector. Pending versions come from Kafka, not from this replica's memory:
 * the UID's partition (the producer's partitioner on its key) between the group's committed offset and the end is
 * exactly what no replica finished yet, whichever replica owns the partition.
 */
@ApplicationScoped
public class ProfileTracer {

    private final ConnectorConfig connector;
    private final DeliveryStates states;
    private final DeadLetterLog deadLetters;
    private final OperatorKafka kafka;
    private final ObjectMapper json;
    private final String group;

    ProfileTracer(ConnectorConfig connector, DeliveryStates states, DeadLetterLog deadLetters, OperatorKafka kafka,
            ObjectMapper json, @ConfigProperty(name = "mp.messaging.incoming.profiles.group.id") String group) {
        this.connector = connector;
        this.states = states;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.json = json;
        this.group = group;
    }

    public Uni<ProfileTrace> trace(String uid) {
        return states.find(connector.name(), List.of(uid)).map(found -> found.get(uid))
                .chain(state -> Uni.createFrom().item(() -> fromKafka(uid, state))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private ProfileTrace fromKafka(String uid, DeliveryState state) {
        try (KafkaLookup session = kafka.session()) {
            List<DeadLetterEntry> letters = deadLetters.read(session, deadLetters.end(session),
                    new DeadLetterFilter(uid, null, null, null, null, null, null, null));
            Set<Long> deadLettered = letters.stream().filter(letter -> connector.topic().equals(letter.letter().origin().topic()))
                    .map(letter -> letter.letter().origin().offset()).collect(Collectors.toSet());
            List<ProfileTrace.PendingVersion> pending = pending(session, uid, state, deadLettered);
            return new ProfileTrace(connector.name(), uid, delivered(state), pending, letters);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException(e.getMessage());
        } catch (Exception e) {
            throw new KafkaUnavailableException("Kafka did not answer: " + e.getMessage());
        }
    }

    /**
     * Versions of the UID after the group's committed offset that the target does not have yet: newer than the
     * confirmed one and not dead-lettered (the offset is committed a little after a record is finished, so the
     * range also holds finished records).
     */
    private List<ProfileTrace.PendingVersion> pending(KafkaLookup session, String uid, DeliveryState state,
            Set<Long> deadLettered) throws Exception {
        String topic = connector.topic();
        int partition = session.partitionOf(topic, uid);
        long from = kafka.committed(group, topic).getOrDefault(partition, 0L);
        List<ProfileTrace.PendingVersion> pending = new ArrayList<>();
        session.read(topic, Map.of(partition, from), Map.of(partition, session.endOffset(topic, partition)), record -> {
            Instant changedAt = DeadLetterEntry.changedAtOf(record.value(), json);
            boolean newer = state == null || changedAt != null && changedAt.isAfter(state.changedAt);
            if (uid.equals(record.key()) && newer && !deadLettered.contains(record.offset())) {
                pending.add(new ProfileTrace.PendingVersion(changedAt, record.partition(), record.offset(),
                        DeadLetter.text(record.headers(), ProfileEventFields.REQUEST_ID_HEADER)));
            }
        });
        return pending;
    }

    private static ProfileTrace.Delivered delivered(DeliveryState state) {
        return state == null ? null
                : new ProfileTrace.Delivered(state.changedAt, state.updatedAt, state.targetId, state.targetEtag,
                        state.sourceTopic, state.sourcePartition, state.sourceOffset);
    }
}
