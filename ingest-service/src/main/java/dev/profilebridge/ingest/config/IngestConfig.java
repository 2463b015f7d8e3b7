package dev.profilebridge.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything ingest-service reads from {@code application.properties} and environment variables. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** The most profiles one request may carry. */
    @WithDefault("1000")
    int maxRecords();

    /**
     * The most root fields one record may have (a CDC account has about 50): with the record and body limits, this
     * bounds what the parse keeps of a request, however small its fields.
     */
    @WithDefault("256")
    int maxFieldsPerRecord();

    /** The largest request body. */
    @WithDefault("16M")
    MemorySize maxBodySize();

    /** How long to wait for Kafka to acknowledge a request's records before answering 503. */
    @WithDefault("10s")
    Duration kafkaAckTimeout();

    /**
     * Requests with at most this many Kafka records (a profile on two routes makes two) go through the
     * {@code profiles-immediate} channel, whose producer does not linger: a one-profile request then costs one Kafka
     * round trip, not the linger on top. Larger requests take the {@code profiles} channel, whose linger fills batches.
     */
    @WithDefault("10")
    int immediateMaxRecords();

    /**
     * Whether Kafka batches are compressed (lz4) by lz4-java's native library rather than in Java; see
     * {@link dev.profilebridge.ingest.kafka.NativeLz4Compression}.
     */
    @WithDefault("true")
    boolean kafkaNativeCompression();

    /**
     * How far in the future a change time may be (clocks differ a little): a later one would make every real update
     * of its UID look stale downstream, so the record is rejected.
     */
    @WithDefault("5m")
    Duration maxClockSkew();

    /** The Retry-After of a 503. */
    @WithDefault("5s")
    Duration retryAfter();

    /** Named routes: each valid profile goes to the topic of every route whose condition it meets. */
    Map<String, Route> routes();

    Topics topics();

    Dataflow dataflow();

    /** How far back "where is profile X" looks in the route topics for the versions ingest accepted. */
    @WithDefault("7d")
    Duration traceWindow();

    interface Route {
        String topic();

        /**
         * Dotted paths into the CDC account (for example {@code profile.email}, {@code preferences}); the profile
         * takes this route only if at least one of them holds a value. Absent: every profile takes it.
         */
        Optional<List<String>> requireAny();
    }

    interface Topics {
        /** Create missing route topics at start. */
        @WithDefault("true")
        boolean create();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        /** How long start-up may take to reach Kafka before the service gives up. */
        @WithDefault("30s")
        Duration startupTimeout();
    }

    interface Dataflow {
        /** The token endpoint as CDC reaches it (a URL SAP support whitelists). */
        @WithDefault("http://localhost:8081/oauth/token")
        String tokenUrl();

        /** This service as CDC reaches it (a URL SAP support whitelists). */
        @WithDefault("http://localhost:8080")
        String ingestUrl();
    }
}
