package dev.profilebridge.connector.engine;

import java.time.Instant;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.wire.DeadLetter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes a record the target will not take to the connector's dead-letter topic: the original key, value and
 * headers (request id, trace context), and the {@code pb-dlq-*} headers of {@link DeadLetter} that say why, how
 * often, since when, and where it came from, for operators to inspect and replay.
 * <p>
 * SmallRye's dead-letter-queue failure strategy writes only a reason and the origin; operators need the HTTP status,
 * the attempts and the failure times too, so the engine writes dead letters itself and acknowledges the original
 * only once Kafka took the dead letter.
 */
@ApplicationScoped
public class DeadLetterWriter implements DeadLetterSink {

    @Inject
    @Channel("dead-letters")
    MutinyEmitter<String> emitter;

    @Inject
    ConnectorConfig config;

    /** Why the engine gave up on a record; where it came from and which connector are added when it is written. */
    public record Cause(String reason, String errorClass, int httpStatus, String targetMessage, int attempts,
            Instant firstFailure, Instant lastFailure) {
    }

    @Override
    public Uni<Void> write(String key, String value, Headers original, DeadLetter.Origin origin, Cause cause) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            original.forEach(header -> {
                if (!header.key().startsWith(DeadLetter.PREFIX)) {
                    headers.add(header);
                }
            });
        }
        new DeadLetter(cause.reason(), cause.errorClass(), cause.httpStatus(), cause.targetMessage(), cause.attempts(),
                cause.firstFailure(), cause.lastFailure(), config.name(), origin).writeTo(headers);
        return emitter.sendMessage(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(config.deadLetterTopic()).withKey(key).withHeaders(headers).build()));
    }
}
