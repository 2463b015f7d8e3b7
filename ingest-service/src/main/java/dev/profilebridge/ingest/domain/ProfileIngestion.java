package dev.profilebridge.ingest.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.profilebridge.ingest.config.IngestConfig;
import dev.profilebridge.ingest.kafka.KafkaRecordLimit;
import dev.profilebridge.ingest.kafka.OutgoingProfile;
import dev.profilebridge.ingest.kafka.ProfilePublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One request, from body to acknowledged Kafka records: split, validate, keep the newest version per UID, build the
 * canonical events, route them, publish them, and count what happened.
 */
@ApplicationScoped
public class ProfileIngestion {

    private final ProfileBatchParser parser;
    private final ProfilePublisher publisher;
    private final IngestConfig config;
    private final List<ProfileRoute> routes;
    private final MeterRegistry registry;
    private final Timer kafkaSend;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ProfileIngestion(KafkaRecordLimit recordLimit, ProfilePublisher publisher, IngestConfig config,
            MeterRegistry registry) {
        this.parser = new ProfileBatchParser(recordLimit.maxAccountBytes(), config.maxFieldsPerRecord());
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
        this.routes = config.routes().entrySet().stream()
                .map(e -> new ProfileRoute(e.getKey(), e.getValue().topic(), e.getValue().requireAny().orElse(List.of())))
                .toList();
        this.kafkaSend = Timer.builder("ingest.kafka.send")
                .description("From handing a request's records to the producer until Kafka acknowledged all of them")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * @throws MalformedBodyException, TooManyRecordsException synchronously; the Uni fails with
     *         {@link KafkaUnavailableException} when Kafka does not acknowledge in time
     */
    public Uni<IngestResult> ingest(byte[] body, String contentType, String clientId, String requestId,
            String traceparent) {
        IngestBatch batch = IngestBatch.of(parser.parse(body, contentType, config.maxRecords()),
                Instant.now().plus(config.maxClockSkew()));
        IngestResult result = new IngestResult(requestId, batch.accepted().size(), batch.superseded(), batch.rejected());
        if (result.nothingAccepted()) {
            count(clientId, "rejected", batch.rejected().size());
            return Uni.createFrom().item(result);
        }
        List<OutgoingProfile> records = route(batch.accepted(), clientId, requestId, Instant.now());
        Timer.Sample sending = Timer.start(registry);
        return publisher.publish(records, requestId, clientId, traceparent)
                .ifNoItem().after(config.kafkaAckTimeout()).failWith(() -> new KafkaUnavailableException(
                        "Kafka did not acknowledge within " + config.kafkaAckTimeout(), null))
                .onFailure(e -> !(e instanceof KafkaUnavailableException))
                .transform(e -> new KafkaUnavailableException("Kafka refused the records: " + e.getMessage(), e))
                .invoke(() -> {
                    sending.stop(kafkaSend);
                    count(clientId, "accepted", batch.accepted().size());
                    count(clientId, "rejected", batch.rejected().size());
                    count(clientId, "superseded", batch.superseded());
                    records.forEach(r -> routedCounter(r.topic()).increment());
                })
                .replaceWith(result);
    }

    private List<OutgoingProfile> route(List<ProfileEvent> events, String clientId, String requestId,
            Instant receivedAt) {
        CanonicalProfileEvent canonical = new CanonicalProfileEvent(clientId, requestId, receivedAt);
        List<OutgoingProfile> records = new ArrayList<>();
        for (ProfileEvent event : events) {
            byte[] value = null;
            for (ProfileRoute route : routes) {
                if (route.accepts(event.account())) {
                    if (value == null) {
                        value = canonical.of(event);
                    }
                    records.add(new OutgoingProfile(route.topic(), event.uid(), value));
                }
            }
        }
        return records;
    }

    private void count(String clientId, String outcome, int amount) {
        if (amount > 0) {
            counters.computeIfAbsent(clientId + '\n' + outcome, key -> Counter.builder("ingest.records")
                    .description("Profiles received, by client and outcome (accepted, rejected, superseded)")
                    .tag("client", clientId).tag("outcome", outcome).register(registry)).increment(amount);
        }
    }

    private Counter routedCounter(String topic) {
        return counters.computeIfAbsent("topic\n" + topic, key -> Counter.builder("ingest.records.routed")
                .description("Profile events written to Kafka, by topic")
                .tag("topic", topic).register(registry));
    }
}
