package dev.profilebridge.ingest.kafka;

/** One Kafka record to write: a canonical profile event (UTF-8 JSON, sent as is) for one topic, keyed by UID. */
public record OutgoingProfile(String topic, String uid, byte[] value) {
}
