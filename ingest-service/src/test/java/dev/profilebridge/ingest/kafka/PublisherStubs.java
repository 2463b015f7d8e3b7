package dev.profilebridge.ingest.kafka;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.config.Config;

import io.smallrye.mutiny.Uni;

/** The Kafka side of {@code ProfileIngestion} without a broker: a publisher whose sends end as a test says. */
public final class PublisherStubs {

    private PublisherStubs() {
    }

    /** A publisher that answers each request's records with {@code answer}. */
    public static ProfilePublisher answering(Function<List<OutgoingProfile>, Uni<Void>> answer) {
        return new ProfilePublisher(null, null) {
            @Override
            public Uni<Void> publish(List<OutgoingProfile> records, String requestId, String clientId,
                    String traceparent) {
                return answer.apply(records);
            }
        };
    }

    public static KafkaRecordLimit recordLimit(Config config) {
        return new KafkaRecordLimit(config);
    }
}
