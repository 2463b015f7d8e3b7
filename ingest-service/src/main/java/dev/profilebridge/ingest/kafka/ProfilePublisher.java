package dev.profilebridge.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes profile events through the {@code profiles} channel (acks=all, idempotent producer: see
 * application.properties). The returned Uni completes only when Kafka acknowledged every record, which is what lets
 * the endpoint answer 202.
 */
@ApplicationScoped
public class ProfilePublisher {

    public static final String REQUEST_ID_HEADER = "pb-request-id";
    public static final String CLIENT_ID_HEADER = "pb-client-id";

    /**
     * Unbounded: what waits here is bounded by the request body limit times the open requests, and refusing a
     * record the caller already sent would only make it send it again.
     */
    @Inject
    @Channel("profiles")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<byte[]> emitter;

    public Uni<Void> publish(List<OutgoingProfile> records, String requestId, String clientId, String traceparent) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(records.stream().map(r -> send(r, requestId, clientId, traceparent)).toList())
                .andFailFast()
                .replaceWithVoid();
    }

    private Uni<Void> send(OutgoingProfile record, String requestId, String clientId, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        headers.add(CLIENT_ID_HEADER, clientId.getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return emitter.sendMessage(Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(record.topic())
                .withKey(record.uid())
                .withHeaders(headers)
                .build()));
    }
}
