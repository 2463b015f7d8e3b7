package dev.profilebridge.connector;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a connector delivers: its name, concurrency, batching, retries and outage handling. */
@ConfigMapping(prefix = "connector")
public interface ConnectorConfig {

    /** The connector's name: its consumer group, its rows in the delivery state, its dead letters' header. */
    String name();

    /** The topic of profile events the connector delivers. */
    String topic();

    /** The most requests to the target at any moment (like CDC's maxConnections). */
    @WithDefault("8")
    int maxInFlight();

    /** The most records in one request. */
    @WithDefault("50")
    int batchSize();

    /** How long a batch that is not full waits for more records. */
    @WithDefault("20ms")
    Duration linger();

    /** The most records held in memory; beyond that, consumption pauses until some are finished. */
    @WithDefault("10000")
    int maxBufferedRecords();

    /** The topic the engine writes dead letters to (set per connector, usually {@code <topic>.dlq}). */
    String deadLetterTopic();

    Retry retry();

    Outage outage();

    interface Retry {
        /** Attempts per record before it goes to the dead-letter topic. */
        @WithDefault("8")
        int maxAttempts();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("2m")
        Duration maxBackoff();

        /** How long a record may keep failing before it goes to the dead-letter topic. */
        @WithDefault("30m")
        Duration maxDuration();
    }

    interface Outage {
        /** Consecutive failed requests after which the target counts as down for everyone. */
        @WithDefault("5")
        int failureThreshold();

        /** While down, one probe request this often; the others wait, and no record is dead-lettered for it. */
        @WithDefault("5s")
        Duration probeInterval();
    }
}
