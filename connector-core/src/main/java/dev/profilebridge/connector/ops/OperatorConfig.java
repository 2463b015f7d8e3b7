package dev.profilebridge.connector.ops;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator tools' settings ({@code connector.ops.*}, environment {@code CONNECTOR_OPS_*}). */
@ConfigMapping(prefix = "connector.ops")
public interface OperatorConfig {

    /** Where dead letters go that were replayed this many times and failed again (the loop guard). */
    String parkedTopic();

    /** Bounds how long one look at Kafka (a dead-letter listing, a trace) may take. */
    @WithDefault("30s")
    Duration kafkaTimeout();

    /** How often each replica reads the dead-letter topic for the gauges of stored dead letters and the oldest age. */
    @WithDefault("5m")
    Duration deadLetterScanInterval();

    Replay replay();

    Activity activity();

    /** The overview's per-minute counts ({@code GET /ops/overview}), kept in PostgreSQL for every replica. */
    interface Activity {

        /** How often each replica adds what it counted to the minute's row and reports its in-flight requests. */
        @WithDefault("15s")
        Duration flushInterval();

        /** Rows older than this are deleted; also the longest window the overview may ask for. */
        @WithDefault("24h")
        Duration retention();
    }

    interface Replay {

        /** A dead letter replayed this many times is parked instead of replayed again. */
        @WithDefault("3")
        int maxCount();

        /** The rate when a replay names none, in records per second. */
        @WithDefault("10")
        int defaultMaxPerSecond();

        /** The highest rate a replay may ask for: a replay is not a way around the SAP budget. */
        @WithDefault("500")
        int maxPerSecondLimit();

        /** How often each replica looks for replays to run (new ones, or those of a replica that died). */
        @WithDefault("2s")
        Duration pollInterval();

        /** A replica running a replay renews its claim within this; a claim older than this is taken over. */
        @WithDefault("30s")
        Duration leaseTtl();
    }
}
