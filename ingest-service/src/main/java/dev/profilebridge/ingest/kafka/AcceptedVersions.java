package dev.profilebridge.ingest.kafka;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.ingest.config.IngestConfig;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ProfileEventFields;
import dev.profilebridge.wire.kafka.KafkaLookup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The versions of one profile that ingest-service accepted, read back from the route topics: Kafka holds every
 * accepted event with its request id, client and times, so no second record of them is kept. Only the UID's partition
 * of each topic is read (the producer's partitioner on its key), from the start of the trace window. Blocking: call
 * it on a worker thread.
 */
@ApplicationScoped
public class AcceptedVersions {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    /** One accepted version as its event and headers tell it. */
    public record Accepted(String topic, int partition, long offset, Instant changedAt, Instant receivedAt,
            String requestId, String clientId) {
    }

    private final IngestConfig config;
    private final ObjectMapper json;
    private final String bootstrapServers;

    AcceptedVersions(IngestConfig config, ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.json = json;
        this.bootstrapServers = bootstrapServers;
    }

    /** Every version of the UID accepted since {@code since}, per route topic in offset order. */
    public List<Accepted> of(String uid, Instant since) throws TimeoutException {
        List<Accepted> accepted = new ArrayList<>();
        try (KafkaLookup kafka = new KafkaLookup(bootstrapServers, KAFKA_TIMEOUT)) {
            for (String topic : config.routes().values().stream().map(IngestConfig.Route::topic).distinct().toList()) {
                if (kafka.partitionCount(topic) == 0) {
                    continue;
                }
                int partition = kafka.partitionOf(topic, uid);
                long from = kafka.offsetsAt(topic, since).get(partition);
                kafka.read(topic, Map.of(partition, from), Map.of(partition, kafka.endOffset(topic, partition)), record -> {
                    if (uid.equals(record.key())) {
                        JsonNode event = event(record.value());
                        accepted.add(new Accepted(topic, partition, record.offset(),
                                instant(event, ProfileEventFields.CHANGED_AT), instant(event, ProfileEventFields.RECEIVED_AT),
                                DeadLetter.text(record.headers(), ProfileEventFields.REQUEST_ID_HEADER),
                                DeadLetter.text(record.headers(), ProfileEventFields.CLIENT_ID_HEADER)));
                    }
                });
            }
        }
        return accepted;
    }

    public Duration window() {
        return config.traceWindow();
    }

    private JsonNode event(String value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static Instant instant(JsonNode event, String field) {
        JsonNode value = event.path(field);
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }
}
