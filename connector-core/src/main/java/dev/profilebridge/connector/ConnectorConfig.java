package dev.profilebridge.connector;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a connector delivers: its name, concurrency, batching, retries and outage handling. */
@ConfigMapping(prefix = "connector")
public interface ConnectorConfig {

    /** The connector's name: its consumer group, its rows in the delivery state, its dead letters' header. */
    String name();

    /** The topic of profile events the connector delivers. */
    String topic();

    /**
     * The most requests to the target at any moment, across every replica of the connector: the SAP tenant's
     * concurrency budget, which the replicas share through {@link dev.profilebridge.connector.budget.TenantBudget}.
     */
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

    Budget budget();

    /** A partition with records pending and none finished for this long shows in readiness; default: retries' span. */
    Optional<Duration> stuckAfter();

    /** How long a revoked partition's requests in flight may take to finish before the partition is let go. */
    @WithDefault("40s")
    Duration revocationTimeout();

    interface Budget {
        /**
         * How long a slot's lease lasts; a replica that dies frees its slots after this. Default: the request bound
         * plus 10 s; it must exceed the request bound by two renew intervals at least.
         */
        Optional<Duration> leaseTtl();

        @WithDefault("2s")
        Duration renewInterval();

        /** The longest a request to the target can take (the SAP client's timeout): a lease must outlast it. */
        @WithDefault("30s")
        Duration requestBound();
    }

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
