package dev.profilebridge.connector.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.ConnectorDatabase;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import dev.profilebridge.testsupport.Await;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What holds across replicas sharing one tenant budget: the slots are split by what each replica could use, so a
 * replica whose partitions ran dry gives its slots to one with a backlog, and gets its share back when records
 * arrive; with no demand anywhere the split is the even one; and at no moment do the replicas' usable slots add up
 * to more than the budget.
 * <p>
 * Each replica here is what a connector process holds of the budget: its own {@link TenantBudget} (its own holder
 * name, as a process has), its own PostgreSQL pool, on one real PostgreSQL with the connectors' migrations; the
 * engine's part is played by a demand each test sets and requests in flight that use every usable slot. That the
 * budget holds between connector processes at SAP is {@code e2e/ChaosIT}'s proof (three processes per connector,
 * peak concurrent calls at each sandbox within its budget), and {@code bench/scaling.sh} measures the throughput.
 */
@Timeout(120)
class TenantBudgetReplicasTest {

    private static final int BUDGET = 8;
    private static final Duration RENEW = Duration.ofMillis(300);
    /** Generous for a loaded machine: the split settles within a few renewals. */
    private static final Duration SETTLED = Duration.ofSeconds(20);

    private static String schema;
    private static Vertx vertx;

    private final String budgetName = "budget-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Replica> replicas = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        schema = ConnectorDatabase.migratedSchema("budget");
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
    void aDrainedReplicasSlotsGoToTheReplicaWithABacklogAndComeBackWhenItsRecordsArrive() {
        Replica one = replica(BUDGET);
        Replica two = replica(BUDGET);
        Replica three = replica(BUDGET);
        awaitPermits(sortedDescending(3, 3, 2), "three replicas with backlogs: the even split");

        one.demand.set(0);
        two.demand.set(0);
        awaitPermitsOf(three, BUDGET, "the one backlog left gets the whole budget");

        one.demand.set(BUDGET);
        awaitPermitsOf(one, BUDGET / 2, "a replica whose records arrive gets its share back");
        awaitPermitsOf(three, BUDGET / 2, "and the one with the backlog gives it up");
        assertTrue(one.maxSum.get() <= BUDGET && two.maxSum.get() <= BUDGET,
                "never more usable slots than the budget, at any sample: " + one.maxSum.get());
    }

    @Test
    void whatNobodyWantsIsSplitEvenlySoAnIdleReplicaHoldsSlotsForItsNextRecords() {
        Replica busy = replica(2);
        replica(0);
        replica(0);
        awaitPermits(sortedDescending(3, 3, 2), "demands 2, 0, 0: everyone's demand met, the rest split evenly");
        assertTrue(busy.budget.permits() >= 2, "the busy replica has what it wants: " + busy.budget.permits());
    }

    @Test
    void aReplicaThatWantsLessThanAnEvenShareLeavesTheRestToTheOthers() {
        Replica small = replica(1);
        replica(BUDGET);
        replica(BUDGET);
        awaitPermitsOf(small, 1, "it wants one");
        awaitPermits(sortedDescending(4, 3, 1), "the two with backlogs split the other seven");
    }

    private Replica replica(int demand) {
        Replica replica = new Replica(budgetName, demand, replicas);
        replicas.add(replica);
        return replica;
    }

    private void awaitPermitsOf(Replica replica, int permits, String what) {
        Await.until(SETTLED, () -> replica.budget.permits() == permits);
        assertTrue(replicas.stream().mapToInt(r -> r.maxSum.get()).max().orElse(0) <= BUDGET, what
                + ": never more usable slots than the budget");
    }

    private void awaitPermits(int[] expected, String what) {
        Await.until(SETTLED, () -> Arrays.equals(expected, sortedDescending(replicas.stream()
                .mapToInt(r -> r.budget.permits()).toArray())));
        assertArrayEquals(expected, sortedDescending(replicas.stream().mapToInt(r -> r.budget.permits()).toArray()), what);
    }

    private static int[] sortedDescending(int... values) {
        return Arrays.stream(values).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
    }

    /** What one connector process holds of the budget: its budget, its pool, the demand its engine reports. */
    private static final class Replica {

        final AtomicInteger demand;
        /** The most usable slots of all replicas together that this replica saw when its budget was asked. */
        final AtomicInteger maxSum = new AtomicInteger();
        final Pool pool;
        final TenantBudget budget;

        Replica(String budgetName, int initialDemand, List<Replica> all) {
            demand = new AtomicInteger(initialDemand);
            pool = ConnectorDatabase.pool(vertx, EmbeddedPostgresServer.port());
            budget = new TenantBudget(pool, vertx, config(budgetName), Optional.of(schema));
            budget.demand(demand::get);
            // The engine's requests in flight: every usable slot, up to what it wants.
            budget.usage(() -> Math.min(demand.get(), budget.permits()));
            budget.onChange(() -> maxSum.accumulateAndGet(
                    all.stream().mapToInt(replica -> replica.budget.permits()).sum(), Math::max));
            budget.start(new StartupEvent());
        }

        void close() {
            demand.set(0);
            try {
                budget.stop(new ShutdownEvent());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.closeAndAwait();
        }

        private static ConnectorConfig config(String budgetName) {
            // Quarkus's converter reads durations as "300ms"; plain SmallRye Config does not.
            return new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter())
                    .withMapping(ConnectorConfig.class)
                    .withSources(new PropertiesConfigSource(Map.of(
                            "connector.name", budgetName,
                            "connector.topic", budgetName,
                            "connector.dead-letter-topic", budgetName + ".dlq",
                            "connector.max-in-flight", String.valueOf(BUDGET),
                            "connector.budget.renew-interval", RENEW.toMillis() + "ms",
                            "connector.budget.request-bound", "1s"),
                            "replica", 100))
                    .build().getConfigMapping(ConnectorConfig.class);
        }
    }
}
