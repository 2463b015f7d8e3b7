package dev.profilebridge.connector.budget;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.profilebridge.connector.ConnectorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The connector's share of its SAP tenant's concurrency budget ({@code connector.max-in-flight}), which every replica
 * of the connector shares: C4C allows fewer than 10 parallel calls per tenant whatever the number of callers.
 * <p>
 * Why leases in PostgreSQL: every replica already depends on it, its clock ({@code now()}) is the one clock all
 * replicas share, and row locks with {@code skip locked} make taking a free slot atomic, so no protocol of our own
 * decides who holds what. The budget is {@code max-in-flight} rows; a replica holds a slot until the lease's end and
 * renews it every {@code budget.renew-interval}; a replica that dies (SIGKILL) stops renewing and its slots come free
 * when their leases end. Live replicas (a heartbeat row each, with the slots the replica wants) split the slots by
 * demand ({@link BudgetShares}); one that holds more than its share gives back the surplus as soon as its requests in
 * flight allow, and one that holds fewer than it may use renews four times as often until it has them.
 * <p>
 * Safety: a replica uses its slots only while its own lease is sure to outlast a request it starts now (the lease's end
 * as this process measured it, from before the renewal statement was sent, minus twice {@code budget.request-bound}:
 * the engine's deadline on a delivery, plus the last call's own timeout after it), so a slot freed by expiry never
 * has a request of its former holder still at SAP. It uses at most its share even while it holds more, so surplus it
 * gives back at the next renewal is never in use.
 */
@ApplicationScoped
public class TenantBudget implements ConcurrencyPermits {

    private static final Logger LOG = Logger.getLogger(TenantBudget.class);

    private final Pool pool;
    private final Vertx vertx;
    private final ConnectorConfig config;
    private final String holder;
    private final String memberTable;
    private final String leaseTable;
    private final java.time.Duration leaseTtl;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile IntSupplier inUse = () -> 0;
    /** Until the engine says, a replica wants the whole budget (as one of an earlier version counts). */
    private volatile IntSupplier demand;
    /**
     * The most the engine wanted since the last renewal, seen whenever it asked for permits: a buffer that is
     * momentarily low between two Kafka fetches must not give away slots that the next fetch needs (its records in
     * flight count as buffered, so a busy replica's buffer is seldom empty).
     */
    private final AtomicInteger peakDemand = new AtomicInteger();
    private volatile int held;
    /** This replica's share of the budget at the last renewal: it never uses more, whatever it holds. */
    private volatile int share;
    private volatile boolean stopped;
    private volatile long validUntilNanos = Long.MIN_VALUE;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile long lastRenewalNanos = System.nanoTime();
    private long timer = -1;

    TenantBudget(Pool pool, Vertx vertx, ConnectorConfig config,
            @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") Optional<String> schema) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.demand = config::maxInFlight;
        this.holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = schema.map(s -> s + ".").orElse("");
        this.memberTable = prefix + "budget_member";
        this.leaseTable = prefix + "concurrency_lease";
        ConnectorConfig.Budget budget = config.budget();
        this.leaseTtl = budget.leaseTtl().orElse(budget.requestBound().multipliedBy(2).plusSeconds(10));
        if (leaseTtl.compareTo(budget.requestBound().multipliedBy(2).plus(budget.renewInterval().multipliedBy(2))) <= 0) {
            throw new IllegalStateException("connector.budget.lease-ttl (" + leaseTtl + ") must exceed twice "
                    + "connector.budget.request-bound (" + budget.requestBound() + ") by two renew intervals ("
                    + budget.renewInterval() + " each): a slot is used only while its lease outlasts a request");
        }
    }

    void start(@Observes StartupEvent started) {
        renew();
        timer = vertx.setPeriodic(config.budget().renewInterval().toMillis(), id -> renew());
    }

    /**
     * Gives the slots back at shutdown, but only once the requests using them are finished (or past the request
     * bound): a slot freed under a request still at SAP would let another replica exceed the budget.
     */
    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        stopped = true;
        held = 0;
        long giveUpAt = System.nanoTime() + config.budget().requestBound().multipliedBy(2).toNanos();
        while ((inUse.getAsInt() > 0 || renewing.get()) && System.nanoTime() < giveUpAt) {
            Thread.sleep(50);
        }
        pool.preparedQuery("update " + leaseTable + " set holder = null, expires_at = '-infinity' where budget = $1 and holder = $2")
                .execute(Tuple.of(config.name(), holder))
                .chain(() -> pool.preparedQuery("delete from " + memberTable + " where budget = $1 and holder = $2")
                        .execute(Tuple.of(config.name(), holder)))
                .onFailure().invoke(e -> LOG.debugf("%s: leases not given back at shutdown (%s); they expire", config.name(), e))
                .onFailure().recoverWithNull().await().atMost(java.time.Duration.ofSeconds(5));
    }

    /** The engine says how many slots it uses right now, so surplus is given back only when free. */
    @Override
    public void usage(IntSupplier requestsInFlight) {
        this.inUse = requestsInFlight;
    }

    /** The engine says how many slots it could use now (its requests in flight and what waits for a slot). */
    @Override
    public void demand(IntSupplier slotsWanted) {
        this.demand = slotsWanted;
    }

    /** Called (on any thread) whenever the usable slots may have grown. */
    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * How many requests this replica may have at its target now: its slots up to its share, while their leases
     * outlast a request.
     */
    @Override
    public int permits() {
        long now = System.nanoTime();
        if (now + config.budget().requestBound().multipliedBy(2).toNanos() - validUntilNanos >= 0) {
            return 0;
        }
        int usable = Math.min(held, share);
        int wanted = demand.getAsInt();
        peakDemand.accumulateAndGet(wanted, Math::max);
        // A replica that had nothing to do may hold no slot when records arrive: it says so at once, not at the next
        // renewal, so that the others give it its share sooner.
        if (usable == 0 && wanted > 0 && now - lastRenewalNanos >= quarterInterval()) {
            renew();
        }
        return usable;
    }

    private long quarterInterval() {
        return config.budget().renewInterval().toNanos() / 4;
    }

    private void renew() {
        if (stopped || !renewing.compareAndSet(false, true)) {
            return;
        }
        long sentAt = System.nanoTime();
        lastRenewalNanos = sentAt;
        int wantedNow = Math.max(0, demand.getAsInt());
        // Nothing buffered and nothing in flight: its partitions ran dry, and the slots go to the others at once.
        int wanted = Math.min(config.maxInFlight(), wantedNow == 0 ? 0 : Math.max(peakDemand.get(), wantedNow));
        peakDemand.set(0);
        pool.withTransaction(connection -> renewIn(connection, wanted))
                // A renewal that hangs must not stop every later one.
                .ifNoItem().after(config.budget().renewInterval().multipliedBy(5)).fail()
                .subscribe().with(slots -> {
                    renewing.set(false);
                    if (stopped) {
                        return;
                    }
                    if (slots != held) {
                        LOG.debugf("%s: %d slots held, share %d, demand %d", config.name(), slots, share, wanted);
                    }
                    held = slots;
                    validUntilNanos = sentAt + leaseTtl.toNanos();
                    if (slots < Math.min(share, wanted)) {
                        // The others give back what it is owed at their renewals: it takes it soon after.
                        vertx.setTimer(Math.max(1, quarterInterval() / 1_000_000), id -> renew());
                    }
                    // Always: the slots may have become usable again after a stall, with nothing else to wake the engine.
                    listeners.forEach(Runnable::run);
                }, failure -> {
                    renewing.set(false);
                    LOG.warnf("%s: concurrency leases not renewed (%s); the slots held stay usable until their leases "
                            + "end", config.name(), failure.getMessage());
                });
    }

    /**
     * Heartbeat with demand, share, renew, give back the surplus, take what is free: one transaction. Answers the
     * slots held.
     */
    private Uni<Integer> renewIn(SqlConnection connection, int wanted) {
        String budget = config.name();
        int total = config.maxInFlight();
        double ttl = leaseTtl.toMillis() / 1000.0;
        return connection.preparedQuery("insert into " + memberTable + " (budget, holder, seen_until, demand) values ($1, "
                + "$2, now() + make_interval(secs => $3), $4) on conflict (budget, holder) do update set seen_until = "
                + "excluded.seen_until, demand = excluded.demand")
                .execute(Tuple.of(budget, holder, ttl, wanted))
                // Replicas gone for an hour (each start is a new holder) leave no rows behind.
                .chain(() -> connection.preparedQuery("delete from " + memberTable + " where budget = $1 and seen_until < "
                        + "now() - interval '1 hour'").execute(Tuple.of(budget)))
                .chain(() -> connection.preparedQuery("insert into " + leaseTable + " (budget, slot) select $1, "
                        + "generate_series(0, $2 - 1) on conflict do nothing").execute(Tuple.of(budget, total)))
                .chain(() -> connection.preparedQuery("select holder, demand from " + memberTable
                        + " where budget = $1 and seen_until > now() order by holder").execute(Tuple.of(budget)))
                .map(members -> {
                    // Published before the surplus is measured, so the engine cannot fill the slots being given back.
                    share = share(members, total, wanted);
                    return share;
                })
                .chain(share -> connection.preparedQuery("update " + leaseTable + " set expires_at = now() + make_interval("
                        + "secs => $3) where budget = $1 and holder = $2 and expires_at > now() returning slot")
                        .execute(Tuple.of(budget, holder, ttl))
                        .chain(rows -> adjust(connection, slots(rows), share, total, ttl)));
    }

    /**
     * This replica's part of the split by demand among the live replicas, with its own demand as just published; a
     * replica of an earlier version (no demand in its row) counts as wanting the whole budget.
     */
    private int share(Iterable<Row> members, int total, int wanted) {
        List<String> live = new ArrayList<>();
        List<Integer> demands = new ArrayList<>();
        members.forEach(row -> {
            live.add(row.getString("holder"));
            Integer demand = row.getInteger("demand");
            demands.add(demand == null ? total : demand);
        });
        // Its own row was written in this transaction, so it is among them.
        int rank = live.indexOf(holder);
        demands.set(rank, wanted);
        return BudgetShares.split(demands.stream().mapToInt(Integer::intValue).toArray(), total)[rank];
    }

    private Uni<Integer> adjust(SqlConnection connection, List<Integer> slots, int share, int total, double ttl) {
        String budget = config.name();
        int keep = Math.max(share, Math.min(inUse.getAsInt(), slots.size()));
        List<Integer> surplus = new ArrayList<>(slots.stream().filter(slot -> slot >= total).toList());
        List<Integer> kept = new ArrayList<>(slots.stream().filter(slot -> slot < total).sorted().toList());
        while (kept.size() > keep) {
            surplus.add(kept.remove(kept.size() - 1));
        }
        Uni<Void> release = surplus.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("update " + leaseTable + " set holder = null, expires_at = '-infinity' "
                        + "where budget = $1 and holder = $2 and slot = any($3)")
                        .execute(Tuple.of(budget, holder, surplus.toArray(Integer[]::new))).replaceWithVoid();
        int wanted = share - kept.size();
        if (wanted <= 0) {
            return release.replaceWith(kept.size());
        }
        return release.chain(() -> connection.preparedQuery("update " + leaseTable + " set holder = $2, expires_at = "
                + "now() + make_interval(secs => $4) where budget = $1 and slot in (select slot from " + leaseTable
                + " where budget = $1 and slot < $3 and expires_at <= now() order by slot limit $5 for update skip locked)"
                + " returning slot").execute(Tuple.of(budget, holder, total, ttl, wanted)))
                .map(taken -> kept.size() + slots(taken).size());
    }

    private static List<Integer> slots(Iterable<Row> rows) {
        List<Integer> slots = new ArrayList<>();
        rows.forEach(row -> slots.add(row.getInteger("slot")));
        return slots;
    }
}
