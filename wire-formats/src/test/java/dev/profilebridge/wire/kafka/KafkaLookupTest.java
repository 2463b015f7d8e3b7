package dev.profilebridge.wire.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.profilebridge.stack.infrastructure.EmbeddedKafkaBroker;

/** Bounded reads against a real broker: a key's partition as the producer chose it, ranges, and a second look. */
class KafkaLookupTest {

    @Test
    void itFindsAKeysPartitionAndReadsRangesAgainAndAgain() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startStoppable()) {
            String bootstrap = broker.bootstrap();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("lookup", 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            Instant beforeSecondHalf;
            List<RecordMetadata> written = new ArrayList<>();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    written.add(producer.send(new ProducerRecord<>("lookup", "uid-" + i, "first")).get(30, TimeUnit.SECONDS));
                }
                Thread.sleep(20);
                beforeSecondHalf = Instant.now();
                Thread.sleep(20);
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("lookup", "uid-" + i, "second")).get(30, TimeUnit.SECONDS);
                }
            }

            try (KafkaLookup lookup = new KafkaLookup(bootstrap, Duration.ofSeconds(30))) {
                assertEquals(3, lookup.partitionCount("lookup"));
                assertEquals(0, lookup.partitionCount("no-such-topic"));
                for (int i = 0; i < 10; i++) {
                    assertEquals(written.get(i).partition(), lookup.partitionOf("lookup", "uid-" + i), "uid-" + i);
                }
                int partition = written.get(0).partition();
                Map<Integer, Long> ends = lookup.endOffsets("lookup");
                assertEquals(20L, ends.values().stream().mapToLong(Long::longValue).sum());
                for (int look = 0; look < 2; look++) {
                    List<String> values = new ArrayList<>();
                    lookup.read("lookup", Map.of(), Map.of(partition, ends.get(partition)),
                            record -> values.add(record.key() + "=" + record.value()));
                    assertEquals(ends.get(partition).intValue(), values.size(), "look " + look);
                    assertEquals("uid-0=first", values.stream().filter(v -> v.startsWith("uid-0=")).findFirst().get());
                }
                Map<Integer, Long> secondHalf = lookup.offsetsAt("lookup", beforeSecondHalf);
                List<String> later = new ArrayList<>();
                lookup.read("lookup", secondHalf, ends, record -> later.add(record.value()));
                assertEquals(10, later.size());
                assertEquals(List.of("second"), later.stream().distinct().toList());
            }
        }
    }
}
