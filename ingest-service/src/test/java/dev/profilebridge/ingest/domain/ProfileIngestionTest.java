package dev.profilebridge.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import dev.profilebridge.ingest.config.IngestConfig;
import dev.profilebridge.ingest.kafka.OutgoingProfile;
import dev.profilebridge.ingest.kafka.PublisherStubs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;

/**
 * "202 only after Kafka acknowledged": the request's result (the 202) comes only from an acknowledged send; a send
 * Kafka refuses or does not acknowledge in time ends in {@link KafkaUnavailableException}, which the resource answers
 * with 503 and Retry-After (KafkaOutageTest), never in another exception (a 500) and never in a result.
 */
class ProfileIngestionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final byte[] BODY = "[{\"UID\":\"u-1\",\"lastUpdatedTimestamp\":1},{\"UID\":\"u-2\",\"lastUpdatedTimestamp\":1}]"
            .getBytes(StandardCharsets.UTF_8);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<OutgoingProfile> handedToKafka = new CopyOnWriteArrayList<>();

    @Test
    void anAcknowledgedSendIsTheRequestsResult() {
        IngestResult result = ingestion(records -> Uni.createFrom().voidItem()).ingest(BODY, "application/json",
                "cdc", "req-1", null).await().atMost(WAIT);

        assertEquals(2, result.accepted());
        assertEquals(4, handedToKafka.size(), "two profiles on both routes");
        assertEquals(2.0, registry.get("ingest.records").tag("outcome", "accepted").counter().count());
    }

    @Test
    void aSendKafkaRefusesIsKafkaUnavailableNotAResultNorAnotherError() {
        Uni<IngestResult> answer = ingestion(records -> Uni.createFrom().failure(new RecordTooLargeException("too big")))
                .ingest(BODY, "application/json", "cdc", "req-2", null);

        KafkaUnavailableException failure = assertThrows(KafkaUnavailableException.class, () -> answer.await().atMost(WAIT));
        assertInstanceOf(RecordTooLargeException.class, failure.getCause());
        assertNull(registry.find("ingest.records").tag("outcome", "accepted").counter(), "nothing counted accepted");
    }

    @Test
    void aSendKafkaDoesNotAcknowledgeInTimeIsKafkaUnavailable() {
        Uni<IngestResult> answer = ingestion(records -> Uni.createFrom().nothing())
                .ingest(BODY, "application/json", "cdc", "req-3", null);

        assertThrows(KafkaUnavailableException.class, () -> answer.await().atMost(WAIT));
        assertNull(registry.find("ingest.records").tag("outcome", "accepted").counter(), "nothing counted accepted");
    }

    @Test
    void theDocumentedMetricsCountEachProfileByClientAndOutcomeAndEachRecordByTopic() {
        byte[] mixed = ("[{\"UID\":\"u-1\",\"lastUpdatedTimestamp\":2},{\"UID\":\"u-1\",\"lastUpdatedTimestamp\":1},"
                + "{\"UID\":\"u-2\",\"lastUpdatedTimestamp\":1},{\"lastUpdatedTimestamp\":1}]").getBytes(StandardCharsets.UTF_8);
        byte[] allRejected = "[{\"lastUpdatedTimestamp\":1},{\"lastUpdatedTimestamp\":2}]".getBytes(StandardCharsets.UTF_8);
        ProfileIngestion ingestion = ingestion(records -> Uni.createFrom().voidItem());

        ingestion.ingest(mixed, "application/json", "cdc", "req-4", null).await().atMost(WAIT);
        ingestion.ingest(BODY, "application/json", "other-client", "req-5", null).await().atMost(WAIT);
        ingestion.ingest(allRejected, "application/json", "cdc", "req-6", null).await().atMost(WAIT);

        assertEquals(2.0, profiles("cdc", "accepted"), "u-1 (newest) and u-2");
        assertEquals(1.0, profiles("cdc", "superseded"), "u-1's older version");
        assertEquals(3.0, profiles("cdc", "rejected"), "the one without UID, then two more without a Kafka send");
        assertEquals(2.0, profiles("other-client", "accepted"));
        assertNull(registry.find("ingest.records").tag("client", "other-client").tag("outcome", "rejected").counter(),
                "an outcome that did not happen is not a series");
        assertEquals(4.0, registry.get("ingest.records.routed").tag("topic", "profiles.marketing").counter().count());
        assertEquals(4.0, registry.get("ingest.records.routed").tag("topic", "profiles.service").counter().count());
        assertEquals(2, registry.get("ingest.kafka.send").timer().count(), "one per request that reached Kafka");
    }

    private double profiles(String client, String outcome) {
        return registry.get("ingest.records").tag("client", client).tag("outcome", outcome).counter().count();
    }

    private ProfileIngestion ingestion(Function<List<OutgoingProfile>, Uni<Void>> kafka) {
        // Quarkus' own converters: the mapping's defaults are written as Quarkus writes durations and sizes (5m, 16M).
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(IngestConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withDefaultValue("ingest.routes.marketing.topic", "profiles.marketing")
                .withDefaultValue("ingest.routes.service.topic", "profiles.service")
                .withDefaultValue("ingest.kafka-ack-timeout", "300ms")
                .build();
        return new ProfileIngestion(PublisherStubs.recordLimit(config), PublisherStubs.answering(records -> {
            handedToKafka.addAll(records);
            return kafka.apply(records);
        }), config.getConfigMapping(IngestConfig.class), registry);
    }
}
