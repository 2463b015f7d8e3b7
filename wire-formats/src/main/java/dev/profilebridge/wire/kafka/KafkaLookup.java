package dev.profilebridge.wire.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * One bounded look at Kafka for operators' tools, on a consumer of its own without a group (it moves no one's
 * offsets): topics' partitions and ends, a key's partition, and reads between given offsets. Not thread-safe, and
 * blocking: one worker thread uses it, then closes it.
 */
public final class KafkaLookup implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Duration timeout;
    private final Map<String, Integer> partitionCounts = new HashMap<>();

    /** @param timeout bounds each call to Kafka, and each {@link #read} as a whole */
    public KafkaLookup(String bootstrapServers, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "profile-bridge-operator-lookup");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.timeout = timeout;
    }

    /** The topic's partition count, 0 when it does not exist (looked up once per session). */
    public int partitionCount(String topic) {
        return partitionCounts.computeIfAbsent(topic, name -> {
            List<PartitionInfo> infos = consumer.listTopics(timeout).get(name);
            return infos == null ? 0 : infos.size();
        });
    }

    /** The partition Kafka's default partitioner gives a key in this topic (murmur2 of its bytes), 0 for no key. */
    public int partitionOf(String topic, String key) {
        int partitions = partitionCount(topic);
        if (key == null || partitions == 0) {
            return 0;
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The end offset of each partition of the topic; empty when the topic does not exist. */
    public Map<Integer, Long> endOffsets(String topic) {
        Map<Integer, Long> ends = new HashMap<>();
        consumer.endOffsets(partitions(topic), timeout).forEach((tp, end) -> ends.put(tp.partition(), end));
        return ends;
    }

    public long endOffset(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return consumer.endOffsets(List.of(tp), timeout).get(tp);
    }

    /** The first offset of each partition at or after {@code time} (the end offset where none is). */
    public Map<Integer, Long> offsetsAt(String topic, Instant time) {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<Integer, Long> offsets = new HashMap<>();
        partitions.forEach(tp -> offsets.put(tp.partition(), found.get(tp) == null ? ends.get(tp) : found.get(tp).offset()));
        return offsets;
    }

    /**
     * Hands every record of {@code topic} from {@code from} (a partition missing there: from its beginning) up to
     * {@code until} (exclusive; only the partitions named there are read) to {@code visitor}: in offset order within a
     * partition, partitions interleaved.
     */
    public void read(String topic, Map<Integer, Long> from, Map<Integer, Long> until,
            Consumer<ConsumerRecord<String, String>> visitor) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = until.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        // A partition this lookup read before stays assigned, and paused, across assign().
        consumer.resume(partitions);
        for (TopicPartition partition : partitions) {
            if (from.containsKey(partition.partition())) {
                consumer.seek(partition, from.get(partition.partition()));
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
        // All partitions on one assignment, each paused once read to its end: reassigning while a fetch is out makes
        // the client warn about partitions "no longer assigned".
        Set<TopicPartition> open = new HashSet<>(partitions);
        while (!open.isEmpty()) {
            for (Iterator<TopicPartition> it = open.iterator(); it.hasNext();) {
                TopicPartition partition = it.next();
                if (consumer.position(partition, timeout) >= until.get(partition.partition())) {
                    consumer.pause(List.of(partition));
                    it.remove();
                }
            }
            if (open.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Reading " + topic + " took longer than " + timeout);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < until.get(record.partition())) {
                    visitor.accept(record);
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private List<TopicPartition> partitions(String topic) {
        int count = partitionCount(topic);
        return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }
}
