package dev.profilebridge.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.profilebridge.ingest.config.IngestConfig;
import dev.profilebridge.wire.ProfileEventFields;
import dev.profilebridge.wire.TraceContextHeaders;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes profile events with the producer of the {@code profiles} channel (acks=all, idempotent: see
 * application.properties). The returned Uni completes only when Kafka acknowledged every record, which is what lets
 * the endpoint answer 202.
 * <p>
 * The records go to the channel's producer directly rather than through a channel emitter: an emitter makes one
 * Message, one ack Uni and one hop to the sending thread per record, which cost more CPU than Kafka itself for a
 * request of 500 profiles. Here a request takes one hop to the channel's sending thread (where {@code send} may block
 * on metadata or a full buffer without blocking an event loop), and one future collects all its acknowledgements.
 * The channel keeps the producer's configuration, serializers and readiness check (SmallRye's notice that it has no
 * upstream is expected: see application.properties).
 * <p>
 * Two channels, one producer each, differ only in {@code linger.ms}: a producer's linger holds for all of its records,
 * and waiting for a batch to fill helps a request of 500 profiles but only delays a request of one. Small requests
 * ({@code ingest.immediate-max-records}) take {@link #IMMEDIATE_CHANNEL}, the rest {@link #CHANNEL}. Records of one
 * request stay on one producer, so their order on a partition is the order of the body. Two requests are ordered
 * only when the second is sent after the first's 202, and the 202 comes after Kafka acknowledged: the choice of
 * producer cannot reorder them. Concurrent requests had no order between them before either (see ingest-service.md).
 */
@ApplicationScoped
public class ProfilePublisher {

    public static final String CHANNEL = "profiles";
    public static final String IMMEDIATE_CHANNEL = "profiles-immediate";

    private final KafkaClientService clients;
    private final IngestConfig config;

    ProfilePublisher(KafkaClientService clients, IngestConfig config) {
        this.clients = clients;
        this.config = config;
    }

    public Uni<Void> publish(List<OutgoingProfile> records, String requestId, String clientId, String traceparent) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Headers headers = headers(requestId, clientId, traceparent);
        Function<Producer<String, byte[]>, CompletableFuture<Void>> sending = producer -> sendAll(producer, records,
                headers);
        Uni<Void> acknowledged = clients.<String, byte[]> getProducer(channelFor(records)).runOnSendingThread(sending)
                .chain(all -> Uni.createFrom().completionStage(all));
        return backOnCallerContext(acknowledged);
    }

    private String channelFor(List<OutgoingProfile> records) {
        return records.size() <= config.immediateMaxRecords() ? IMMEDIATE_CHANNEL : CHANNEL;
    }

    private static CompletableFuture<Void> sendAll(Producer<String, byte[]> producer, List<OutgoingProfile> records,
            Headers headers) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(records.size());
        Callback acknowledged = (metadata, error) -> {
            if (error != null) {
                all.completeExceptionally(error);
            } else if (pending.decrementAndGet() == 0) {
                all.complete(null);
            }
        };
        // Once Kafka refused one record the request is answered 503 anyway: the rest need not wait for their turn.
        for (int i = 0; i < records.size() && !all.isDone(); i++) {
            OutgoingProfile record = records.get(i);
            producer.send(new ProducerRecord<>(record.topic(), null, record.uid(), record.value(), headers),
                    acknowledged);
        }
        return all;
    }

    /** Shared by the records of the request: the producer only reads them. Built on the request's thread. */
    private static Headers headers(String requestId, String clientId, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ProfileEventFields.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        headers.add(ProfileEventFields.CLIENT_ID_HEADER, clientId.getBytes(StandardCharsets.UTF_8));
        TraceContextHeaders.write(traceContext(traceparent), headers);
        return headers;
    }

    /**
     * The request's span when tracing is on (Quarkus made it from the caller's {@code traceparent}), so a trace goes
     * on from this request into the connectors; with tracing off, the caller's own context if it is valid W3C.
     */
    private static Context traceContext(String callerTraceparent) {
        Context current = Context.current();
        return TraceContextHeaders.spanContext(current).isValid() ? current
                : TraceContextHeaders.parse(callerTraceparent);
    }

    /** The last acknowledgement arrives on Kafka's I/O thread: the rest of the request goes back to its own context. */
    private static Uni<Void> backOnCallerContext(Uni<Void> acknowledged) {
        io.vertx.core.Context caller = Vertx.currentContext();
        return caller == null ? acknowledged : acknowledged.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
