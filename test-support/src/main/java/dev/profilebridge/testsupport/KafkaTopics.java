package dev.profilebridge.testsupport;

import java.time.Duration;

import org.apache.kafka.clients.admin.TopicDescription;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Topics a test creates before it produces to them. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /**
     * Creates the topic and waits until the broker knows a leader for every partition. The companion's
     * {@code createAndWait} returns once the topic can be described; a produce before the leaders are known gets
     * NOT_LEADER_OR_FOLLOWER, and an idempotent producer retrying it was seen to wedge for good on CI
     * (OutOfOrderSequenceException on every retry).
     */
    public static void create(KafkaCompanion kafka, String topic, int partitions) {
        kafka.topics().createAndWait(topic, partitions, Duration.ofSeconds(60));
        Await.until(Duration.ofSeconds(60), () -> hasLeaders(kafka.topics().describe(topic).get(topic)));
    }

    private static boolean hasLeaders(TopicDescription description) {
        return description != null && description.partitions().stream()
                .allMatch(partition -> partition.leader() != null && partition.leader().id() >= 0);
    }
}
