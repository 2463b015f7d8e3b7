package dev.profilebridge.testsupport.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Proves that a service's tests reach a real Kafka broker: the service is configured with the embedded broker, and
 * records produced to it come back, per key in the order they were sent. A service's test class extends this and
 * carries {@code @QuarkusTest} and the {@code RealInfrastructure} resource.
 */
public abstract class KafkaRoundTripContract {

    @InjectKafkaCompanion
    protected KafkaCompanion kafka;

    @Test
    void serviceIsConfiguredWithTheEmbeddedBroker() {
        String configured = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        assertEquals(kafka.getBootstrapServers(), configured);
    }

    @Test
    void recordsProducedToTheBrokerAreConsumedBackInKeyOrder() {
        String topic = "round-trip-" + UUID.randomUUID();
        kafka.topics().createAndWait(topic, 3);
        List<ProducerRecord<String, String>> sent = IntStream.range(0, 30)
                .mapToObj(i -> new ProducerRecord<>(topic, "uid-" + (i % 5), "version-" + i))
                .collect(Collectors.toList());
        kafka.produceStrings().fromRecords(sent).awaitCompletion(Duration.ofSeconds(30));

        List<ConsumerRecord<String, String>> received = kafka.consumeStrings().fromTopics(topic, sent.size())
                .awaitCompletion(Duration.ofSeconds(30)).getRecords();

        assertEquals(sent.size(), received.size());
        for (int uid = 0; uid < 5; uid++) {
            String key = "uid-" + uid;
            assertEquals(valuesOf(sent.stream().filter(r -> r.key().equals(key)).map(ProducerRecord::value)),
                    valuesOf(received.stream().filter(r -> r.key().equals(key)).map(ConsumerRecord::value)),
                    "records of " + key + " came back out of order");
        }
    }

    private static List<String> valuesOf(java.util.stream.Stream<String> values) {
        return values.collect(Collectors.toList());
    }
}
