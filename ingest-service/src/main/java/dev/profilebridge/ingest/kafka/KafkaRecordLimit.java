package dev.profilebridge.ingest.kafka;

import org.eclipse.microprofile.config.Config;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * How large an account may be for its event to fit in one Kafka record: the {@code profiles} channel producer's
 * {@code max.request.size} (Kafka's default 1 MiB when unset) less room for what the event and the record add to the
 * account's fields. A record over it is rejected alone before anything of its request is written; sent, the producer
 * would refuse it after the records before it were written, and the caller's retries would never get past it.
 * <p>
 * Read from the channel's configuration (this is Kafka's key, not one of ingest's, so it is not in
 * {@code IngestConfig}), then from {@code kafka.max.request.size}, which Quarkus gives every channel.
 */
@ApplicationScoped
public class KafkaRecordLimit {

    /** Kafka's default {@code max.request.size}. */
    static final int KAFKA_DEFAULT = 1024 * 1024;

    /**
     * What the record adds beyond the account's own fields, with room to spare: the event's fields (UID and source
     * escaped, times, request id: under 2 KiB), the key (a UID, at most 765 bytes of UTF-8), the headers (request id,
     * client id, trace context: under 1 KiB) and the record and batch framing (under 100 bytes).
     */
    static final int HEADROOM = 8 * 1024;

    private final int maxAccountBytes;

    KafkaRecordLimit(Config config) {
        int maxRequestSize = config.getOptionalValue("mp.messaging.outgoing." + ProfilePublisher.CHANNEL
                + ".max.request.size", Integer.class)
                .or(() -> config.getOptionalValue("kafka.max.request.size", Integer.class))
                .orElse(KAFKA_DEFAULT);
        this.maxAccountBytes = maxRequestSize - HEADROOM;
    }

    /** The most bytes an account's root fields may take, as sent, for its event to fit in one Kafka record. */
    public int maxAccountBytes() {
        return maxAccountBytes;
    }
}
