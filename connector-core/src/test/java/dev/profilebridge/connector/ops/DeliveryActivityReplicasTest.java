package dev.profilebridge.connector.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.ConnectorDatabase;
import dev.profilebridge.stack.infrastructure.CuttableTcpProxy;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import dev.profilebridge.testsupport.Await;
import dev.profilebridge.wire.kafka.KafkaLookup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What holds across replicas of a connector: the overview's per-minute counts are the sum of what every replica
 * counted (each adds to the minute's row, none replaces it, also when they flush at the same moment), and its
 * requests in flight are the sum over the replicas heard from within three flush intervals.
 * <p>
 * Each replica here is what a connector process holds: its own {@link MeterRegistry}, its own {@link DeliveryActivity}
 * and {@link ActivityStore}, its own PostgreSQL pool (through its own link to the server, so one can be cut), on one
 * real PostgreSQL with the connectors' migrations. Two connector processes would add Kafka, SAP sandboxes and minutes
 * of start-up to show the same thing; Kafka is left out (the overview's lag is null here).
 */
@Timeout(120)
class DeliveryActivityReplicasTest {

    /** Short, so that a silent replica drops out of the overview within seconds. */
    private static final Duration FLUSH_INTERVAL = Duration.ofMillis(500);
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int BUDGET = 6;

    private static String schema;
    private static Vertx vertx;

    private final String connector = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Replica> replicas = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        schema = ConnectorDatabase.migratedSchema("activity");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.closeAndAwait();
    }

    @AfterEach
    void stopReplicas() {
        replicas.forEach(Replica::close);
    }

    @Test
    void concurrentAddsOfTwoReplicasToTheSameMinuteSumInOneRow() {
        Replica one = replica();
        Replica two = replica();
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int adds = 40;
        // Every add of both replicas in flight at once: conflicting upserts on the one row.
        List<Uni<Void>> all = new ArrayList<>();
        IntStream.range(0, adds).forEach(i -> {
            all.add(one.store.add(connector, minute, new ActivityCounts(1, 2, 3, 4)));
            all.add(two.store.add(connector, minute, new ActivityCounts(10, 20, 30, 40)));
        });
        Uni.join().all(all).andFailFast().await().atMost(BOUND);

        List<ConnectorOverview.Minute> rows = two.store.minutes(connector, minute).await().atMost(BOUND);
        assertEquals(List.of(new ConnectorOverview.Minute(minute, 11L * adds, 22L * adds, 33L * adds, 44L * adds)),
                rows, "one row for the minute, the sum of every add of both replicas");
    }

    @Test
    void theOverviewCountsWhatEveryReplicaFlushedWhicheverReplicaAnswers() {
        Replica one = replica();
        Replica two = replica();
        ActivityCounts expected = ActivityCounts.NONE;
        for (int round = 1; round <= 5; round++) {
            ActivityCounts byOne = new ActivityCounts(round, 1, 2 * round, 0);
            ActivityCounts byTwo = new ActivityCounts(100 * round, 0, 3, round);
            one.count(byOne);
            two.count(byTwo);
            expected = expected.plus(byOne).plus(byTwo);
            // Both flush at the same moment, as replicas on the same schedule do.
            Uni.join().all(one.activity.flush(), two.activity.flush()).andFailFast().await().atMost(BOUND);
        }

        ConnectorOverview fromOne = one.activity.overview(Duration.ofMinutes(5)).await().atMost(BOUND);
        ConnectorOverview fromTwo = two.activity.overview(Duration.ofMinutes(5)).await().atMost(BOUND);
        assertEquals(expected, fromOne.totals(), "the sum of both replicas' counts, each counted once");
        assertEquals(fromOne.totals(), fromTwo.totals(), "either replica answers for both");
        assertEquals(fromOne.minutes(), fromTwo.minutes());
        assertNull(fromOne.lag(), "no Kafka in this test");
    }

    @Test
    void inFlightIsSummedOverTheReplicasHeardFromWithinThreeFlushIntervals() {
        Replica one = replica();
        Replica two = replica();
        one.inFlight.set(4);
        two.inFlight.set(2);
        two.targetDown.set(1);
        Instant twoLastFlushed = Instant.now();
        Uni.join().all(one.activity.flush(), two.activity.flush()).andFailFast().await().atMost(BOUND);

        ConnectorOverview both = one.activity.overview(Duration.ofMinutes(1)).await().atMost(BOUND);
        assertEquals(2, both.replicas().size());
        assertEquals(6, both.inFlight(), "the requests of both replicas");
        assertEquals(BUDGET, both.maxInFlight(), "one budget for all replicas");
        assertFalse(both.targetReachable(), "down when one replica counts the target as down");

        // Replica two goes silent; one keeps flushing until two drops out of the overview.
        ConnectorOverview[] last = new ConnectorOverview[1];
        Await.until(BOUND, () -> {
            one.activity.flush().await().atMost(BOUND);
            last[0] = one.activity.overview(Duration.ofMinutes(1)).await().atMost(BOUND);
            return last[0].replicas().size() == 1;
        });
        assertTrue(Duration.between(twoLastFlushed, Instant.now()).compareTo(FLUSH_INTERVAL.multipliedBy(3)) >= 0,
                "a replica is counted until it has been silent for three flush intervals");
        assertEquals(4, last[0].inFlight(), "only the replica still heard from");
        assertTrue(last[0].targetReachable());
    }

    @Test
    void aFlushThatFailsKeepsItsCountsForTheNextOne() {
        Replica one = replica();
        Replica two = replica();
        one.count(new ActivityCounts(7, 0, 0, 0));
        two.count(new ActivityCounts(5, 0, 0, 0));
        one.link.cut();
        Uni.join().all(one.activity.flush(), two.activity.flush()).andFailFast().await().atMost(BOUND);
        assertThrows(RuntimeException.class, () -> one.store.minutes(connector, Instant.EPOCH).await().atMost(BOUND),
                "replica one cannot reach PostgreSQL");
        assertEquals(5, two.activity.overview(Duration.ofMinutes(5)).await().atMost(BOUND).totals().delivered());

        one.link.restore();
        one.count(new ActivityCounts(1, 0, 0, 0));
        Await.until(BOUND, () -> {
            one.activity.flush().await().atMost(BOUND);
            return two.activity.overview(Duration.ofMinutes(5)).await().atMost(BOUND).totals().delivered() == 13;
        });
    }

    private Replica replica() {
        Replica replica = new Replica(connector);
        replicas.add(replica);
        return replica;
    }

    /** What one connector process holds: its counters and gauges, its overview, its pool and link to PostgreSQL. */
    private static final class Replica {

        final MeterRegistry registry = new SimpleMeterRegistry();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger targetDown = new AtomicInteger();
        final CuttableTcpProxy link = CuttableTcpProxy.start(0, EmbeddedPostgresServer.port());
        final Pool pool;
        final ActivityStore store;
        final DeliveryActivity activity;
        private final String connector;

        Replica(String connector) {
            this.connector = connector;
            pool = ConnectorDatabase.pool(vertx, link.port());
            store = new ActivityStore(pool, Optional.of(schema));
            SmallRyeConfig config = config(connector);
            OperatorConfig operator = config.getConfigMapping(OperatorConfig.class);
            activity = new DeliveryActivity(config.getConfigMapping(ConnectorConfig.class), operator, store,
                    new NoKafka(operator), registry, connector);
            registry.gauge("connector.requests.in.flight", List.of(tag(connector)), inFlight);
            registry.gauge("connector.target.down", List.of(tag(connector)), targetDown);
        }

        /** What the delivery engine's counters would say after it finished these records. */
        void count(ActivityCounts counts) {
            increment("connector.records.delivered", counts.delivered());
            increment("connector.records.skipped.stale", counts.skippedStale());
            increment("connector.records.retried", counts.retried());
            increment("connector.records.dead.lettered", counts.deadLettered());
        }

        private void increment(String name, long amount) {
            registry.counter(name, List.of(tag(connector))).increment(amount);
        }

        void close() {
            pool.closeAndAwait();
            link.close();
        }

        private static Tag tag(String connector) {
            return io.micrometer.core.instrument.Tag.of("connector", connector);
        }

        private static SmallRyeConfig config(String connector) {
            // Quarkus's converter reads durations as "15s" in application.properties; plain SmallRye Config does not.
            return new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter())
                    .withMapping(ConnectorConfig.class).withMapping(OperatorConfig.class)
                    .withSources(new PropertiesConfigSource(Map.of(
                            "connector.name", connector,
                            "connector.topic", connector,
                            "connector.dead-letter-topic", connector + ".dlq",
                            "connector.max-in-flight", String.valueOf(BUDGET),
                            "connector.ops.parked-topic", connector + ".parked",
                            "connector.ops.activity.flush-interval", FLUSH_INTERVAL.toMillis() + "ms"),
                            "replica", 100))
                    .build();
        }
    }

    /** The overview's lag is Kafka's business, not what this test is about: its look at Kafka fails at once. */
    private static final class NoKafka extends OperatorKafka {

        NoKafka(OperatorConfig config) {
            super("127.0.0.1:0", config);
        }

        @Override
        public KafkaLookup session() {
            throw new IllegalStateException("no Kafka in this test");
        }
    }
}
