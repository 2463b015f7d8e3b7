package dev.profilebridge.connector.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import dev.profilebridge.wire.kafka.KafkaLookup;

/**
 * The operator tools' own Kafka clients: a {@link KafkaLookup} per look, a consumer group's committed offsets, and
 * one idempotent producer for replays.
 * <p>
 * Plain Kafka clients, not SmallRye channels: a channel consumes a topic continuously under a group, while an operator
 * reads a bounded range once, without a group, and must not move anyone's offsets. Every method blocks: callers run
 * it on a worker thread, never on an event loop.
 */
@ApplicationScoped
public class OperatorKafka {

    private final String bootstrapServers;
    private final OperatorConfig config;
    private KafkaProducer<String, String> producer;

    OperatorKafka(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, OperatorConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /** A consumer of its own, without a group; close it when done. */
    public KafkaLookup session() {
        return new KafkaLookup(bootstrapServers, config.kafkaTimeout());
    }

    /** What a consumer group committed in this topic, by partition (partitions without a commit are absent). */
    public Map<Integer, Long> committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> committed = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (tp.topic().equals(topic) && offset != null) {
                    committed.put(tp.partition(), offset.offset());
                }
            });
            return committed;
        }
    }

    /** One idempotent producer ({@code acks=all}) for replays, made on first use. */
    public synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "profile-bridge-operator");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
