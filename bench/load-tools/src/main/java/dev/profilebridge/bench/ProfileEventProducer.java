package dev.profilebridge.bench;

import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes canonical profile events (as ingest-service does) for a connector benchmark:
 * {@code ProfileEventProducer BOOTSTRAP TOPIC COUNT UID_PREFIX [VERSION]}, one version per UID (VERSION seconds
 * after a fixed change time, default 0, so that a later run's events are newer; the first name carries the version, so
 * a sandbox counts delivered versions, not writes), acks=all.
 */
public final class ProfileEventProducer {

    private ProfileEventProducer() {
    }

    public static void main(String[] args) {
        String topic = args[1];
        int count = Integer.parseInt(args[2]);
        String prefix = args[3];
        long version = args.length > 4 ? Long.parseLong(args[4]) : 0;
        Instant changedAt = Instant.parse("2026-11-24T10:00:00Z").plusSeconds(version);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0], ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String uid = prefix + "-" + i;
                producer.send(new ProducerRecord<>(topic, uid, "{\"uid\":\"" + uid + "\",\"changedAt\":\"" + changedAt
                        + "\",\"receivedAt\":\"" + changedAt + "\",\"source\":\"bench\",\"requestId\":\"bench\","
                        + "\"profile\":{\"firstName\":\"Zoë v" + version + "\",\"lastName\":\"Müller\",\"email\":\"" + uid
                        + "@example.com\",\"country\":\"DE\",\"city\":\"München\"},\"preferences\":{\"marketing.email\":"
                        + "{\"isConsentGranted\":true,\"lastConsentModified\":\"2026-11-01T00:00:00Z\"}},"
                        + "\"subscriptions\":{},\"data\":{},\"account\":{}}"));
            }
            producer.flush();
        }
        System.out.println("produced " + count + " events to " + topic);
    }
}
