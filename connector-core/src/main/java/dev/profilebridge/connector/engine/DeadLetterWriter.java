package dev.profilebridge.connector.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.profilebridge.connector.ConnectorConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes a record the target will not take to the connector's dead-letter topic: the original key and value, and
 * headers that say why, how often, since when, and where it came from, for operators to inspect and replay.
 * <p>
 * SmallRye's dead-letter-queue failure strategy writes only a reason and the origin; operators need the HTTP status,
 * the attempts and the failure times too, so the engine writes dead letters itself and acknowledges the original
 * only once Kafka took the dead letter.
 */
@ApplicationScoped
public class DeadLetterWriter {

    public static final int MAX_MESSAGE = 1000;

    @Inject
    @Channel("dead-letters")
    MutinyEmitter<String> emitter;

    @Inject
    ConnectorConfig config;

    public record DeadLetter(String reason, String errorClass, int httpStatus, String targetMessage, int attempts,
            Instant firstFailure, Instant lastFailure) {
    }

    public Uni<Void> write(String key, String value, String topic, int partition, long offset, DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, "pb-dlq-reason", letter.reason());
        add(headers, "pb-dlq-error-class", letter.errorClass());
        add(headers, "pb-dlq-http-status", Integer.toString(letter.httpStatus()));
        add(headers, "pb-dlq-target-message", truncate(letter.targetMessage()));
        add(headers, "pb-dlq-attempts", Integer.toString(letter.attempts()));
        add(headers, "pb-dlq-original-topic", topic);
        add(headers, "pb-dlq-original-partition", Integer.toString(partition));
        add(headers, "pb-dlq-original-offset", Long.toString(offset));
        add(headers, "pb-dlq-first-failure", letter.firstFailure().toString());
        add(headers, "pb-dlq-last-failure", letter.lastFailure().toString());
        add(headers, "pb-dlq-connector", config.name());
        return emitter.sendMessage(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(config.deadLetterTopic()).withKey(key).withHeaders(headers).build()));
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String truncate(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE);
    }
}
