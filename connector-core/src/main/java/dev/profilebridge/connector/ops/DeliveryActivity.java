package dev.profilebridge.connector.ops;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.wire.kafka.KafkaLookup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The operators' overview of this connector across its replicas. Each replica adds what its delivery engine counted
 * since its last flush to the current minute's row in PostgreSQL and reports its requests at the target, every
 * {@code connector.ops.activity.flush-interval}; the overview reads those rows, so any replica answers for all.
 * <p>
 * It reads the engine's Micrometer counters rather than being called by the engine: the engine stays free of
 * database writes on its event loop, and a count is attributed to the minute of the flush (at most one flush interval
 * late). A flush that fails keeps its counts for the next one.
 */
@ApplicationScoped
public class DeliveryActivity {

    private static final Logger LOG = Logger.getLogger(DeliveryActivity.class);
    /** A replica silent for this many flush intervals is left out of the overview's in-flight sum. */
    private static final int SILENT_INTERVALS = 3;

    private final ConnectorConfig connector;
    private final OperatorConfig config;
    private final ActivityStore store;
    private final OperatorKafka kafka;
    private final MeterRegistry registry;
    private final String group;
    private final String replica = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    /** The engine's totals at the last flush that reached PostgreSQL; only the scheduler's one thread touches it. */
    private ActivityCounts flushed = ActivityCounts.NONE;

    DeliveryActivity(ConnectorConfig connector, OperatorConfig config, ActivityStore store, OperatorKafka kafka,
            MeterRegistry registry, @ConfigProperty(name = "mp.messaging.incoming.profiles.group.id") String group) {
        this.connector = connector;
        this.config = config;
        this.store = store;
        this.kafka = kafka;
        this.registry = registry;
        this.group = group;
    }

    @Scheduled(every = "${connector.ops.activity.flush-interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        Instant now = Instant.now();
        ActivityCounts totals = totals();
        ActivityCounts added = totals.minus(flushed);
        Uni<Void> counted = added.isEmpty() ? Uni.createFrom().voidItem()
                : store.add(connector.name(), now.truncatedTo(ChronoUnit.MINUTES), added);
        return counted.invoke(() -> flushed = totals)
                .chain(() -> store.report(connector.name(), new ConnectorOverview.ReplicaReport(replica,
                        (int) gauge("connector.requests.in.flight"), gauge("connector.target.down") > 0, now)))
                .chain(() -> store.deleteBefore(connector.name(), now.minus(config.activity().retention())))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%s: could not store the overview's counts (kept for the next flush): %s",
                            connector.name(), failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The last {@code window} (at most the retention) minute by minute, and the connector's state now. */
    public Uni<ConnectorOverview> overview(Duration window) {
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant from = to.minus(window).plus(Duration.ofMinutes(1));
        Instant silentSince = Instant.now().minus(config.activity().flushInterval().multipliedBy(SILENT_INTERVALS));
        return Uni.combine().all().unis(store.minutes(connector.name(), from),
                store.reportsSince(connector.name(), silentSince), lag()).asTuple()
                .map(found -> overview(from, to, found.getItem1(), found.getItem2(), found.getItem3()));
    }

    private ConnectorOverview overview(Instant from, Instant to, List<ConnectorOverview.Minute> stored,
            List<ConnectorOverview.ReplicaReport> reports, Long lag) {
        Map<Instant, ConnectorOverview.Minute> byMinute = stored.stream()
                .collect(Collectors.toMap(ConnectorOverview.Minute::minute, Function.identity()));
        List<ConnectorOverview.Minute> minutes = new ArrayList<>();
        ActivityCounts totals = ActivityCounts.NONE;
        for (Instant minute = from; !minute.isAfter(to); minute = minute.plus(Duration.ofMinutes(1))) {
            ConnectorOverview.Minute counted = byMinute.getOrDefault(minute, new ConnectorOverview.Minute(minute, 0, 0, 0, 0));
            minutes.add(counted);
            totals = totals.plus(new ActivityCounts(counted.delivered(), counted.skippedStale(), counted.retried(),
                    counted.deadLettered()));
        }
        int inFlight = reports.stream().mapToInt(ConnectorOverview.ReplicaReport::inFlight).sum();
        Boolean reachable = reports.isEmpty() ? null : reports.stream().noneMatch(ConnectorOverview.ReplicaReport::targetDown);
        return new ConnectorOverview(connector.name(), from, to, minutes, totals, connector.maxInFlight(), inFlight,
                reports, reachable, lag);
    }

    /** Records after the group's committed offsets, summed over the topic's partitions; null when Kafka does not answer. */
    private Uni<Long> lag() {
        return Uni.createFrom().item(() -> {
            try (KafkaLookup session = kafka.session()) {
                Map<Integer, Long> committed = kafka.committed(group, connector.topic());
                return session.endOffsets(connector.topic()).entrySet().stream()
                        .mapToLong(end -> Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L))).sum();
            } catch (Exception e) {
                LOG.debugf("%s: no lag for the overview: %s", connector.name(), e.getMessage());
                return (Long) null;
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private ActivityCounts totals() {
        return new ActivityCounts(count("connector.records.delivered"), count("connector.records.skipped.stale"),
                count("connector.records.retried"), count("connector.records.dead.lettered"));
    }

    private long count(String name) {
        Counter counter = registry.find(name).tag("connector", connector.name()).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private double gauge(String name) {
        Gauge gauge = registry.find(name).tag("connector", connector.name()).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
