package dev.profilebridge.ingest.kafka;

/** One Kafka record to write: a canonical profile event for one topic, keyed by UID. */
public record OutgoingProfile(String topic, String uid, String value) {
}
