package dev.profilebridge.connector.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.ConnectorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import dev.profilebridge.wire.kafka.KafkaLookup;

/** The connector's dead-letter topic as operators read it. Blocking: call it on a worker thread. */
@ApplicationScoped
public class DeadLetterLog {

    private final ConnectorConfig config;
    private final ObjectMapper json;

    DeadLetterLog(ConnectorConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public String topic() {
        return config.deadLetterTopic();
    }

    /** The end of each partition now: what a replay asked now covers. */
    public Map<Integer, Long> end(KafkaLookup session) {
        return session.endOffsets(topic());
    }

    /** The dead letters up to {@code until} that match, by partition and offset. */
    public List<DeadLetterEntry> read(KafkaLookup session, Map<Integer, Long> until, DeadLetterFilter filter)
            throws TimeoutException {
        List<DeadLetterEntry> entries = new ArrayList<>();
        session.read(topic(), Map.of(), until, record -> {
            DeadLetterEntry entry = DeadLetterEntry.of(record, json);
            if (filter.matches(entry)) {
                entries.add(entry);
            }
        });
        entries.sort(Comparator.comparingInt(DeadLetterEntry::partition).thenComparingLong(DeadLetterEntry::offset));
        return entries;
    }
}
