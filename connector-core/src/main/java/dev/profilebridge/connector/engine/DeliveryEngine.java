package dev.profilebridge.connector.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.budget.AdaptiveConcurrencyLimit;
import dev.profilebridge.connector.budget.ConcurrencyPermits;
import dev.profilebridge.connector.budget.TenantBudget;
import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.persistence.DeliveryStates;
import dev.profilebridge.connector.spi.DeliveryOutcome;
import dev.profilebridge.connector.spi.DeliveryTarget;
import dev.profilebridge.connector.spi.ProfileRecord;
import dev.profilebridge.connector.spi.TargetCallException;
import dev.profilebridge.connector.spi.TargetIdLookup;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ProfileEventFields;
import dev.profilebridge.wire.ReplayHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivers the profile events of a connector's topic to its target, with:
 * <ul>
 * <li>at most {@code max-in-flight} requests to the target at any moment across every replica (the tenant's
 * {@link TenantBudget}), and below this replica's share an {@link AdaptiveConcurrencyLimit} that halves on 429/503;</li>
 * <li>up to {@code batch-size} records per request, sent when full or after {@code linger};</li>
 * <li>per-UID order: the records of one UID go out in Kafka order, one at a time, while different UIDs run in
 * parallel, also within one partition;</li>
 * <li>retries with exponential backoff and jitter, honouring Retry-After, then the dead-letter topic; permanent
 * rejections go there at once; a record the connector itself fails on (a value nobody foresaw) is isolated in a
 * request of its own and dead-lettered, never wedging its neighbours or a request slot;</li>
 * <li>two outage modes, nothing dead-lettered for either: the target (after {@code outage.failure-threshold} failed
 * requests in a row, one probe request per {@code outage.probe-interval}), and the delivery state's PostgreSQL (reads
 * and writes retried every probe interval, consumption held); readiness is DOWN during both;</li>
 * <li>delta tracking: a record not newer than the version the target last confirmed is skipped; the confirmed
 * versions are read in bulk before records are ready, outside the request slots;</li>
 * <li>for a target with ids of its own ({@link TargetIdLookup}), the ids of records whose id the delivery state does
 * not hold are looked up ahead, several upcoming batches' worth in one call, a round before the writes that need
 * them; each answer serves the one attempt it was made for;</li>
 * <li>partition revocation ({@link RevocationListener}): the revoked partitions' waiting records are let go
 * unacknowledged, and the revocation waits for their records out at the target and for those outcomes to be in the
 * delivery state, so the partition's next owner starts from confirmed versions.</li>
 * </ul>
 * Offsets: each record's message is acknowledged once it is delivered, skipped or dead-lettered, and the channel's
 * {@code throttled} commit strategy commits an offset only when it and every earlier offset of its partition are
 * acknowledged, so a crash re-delivers at most what was unfinished. When {@code max-buffered-records} are held, the
 * engine stops accepting and SmallRye pauses the consumer.
 * <p>
 * Why not SmallRye's own concurrency: its ordered processing runs one message at a time per channel (or per
 * partition with concurrency), which cannot batch several UIDs of one partition into a request while keeping each
 * UID in order. All the engine's state lives on one Vert.x context, so it needs no locks.
 */
@ApplicationScoped
public class DeliveryEngine {

    private static final Logger LOG = Logger.getLogger(DeliveryEngine.class);
    private static final Duration STUCK_CHECK = Duration.ofSeconds(5);
    /**
     * Records waiting for an id lookup this long get one even while enough records are ready to keep every slot
     * busy, once the last lookup's records have gone out: first-time UIDs are not held back for long behind a stream
     * of known ones, and in a backlog of first-time UIDs lookups still come no faster than their answers are used.
     */
    private static final Duration ID_LOOKUP_AT_THE_LATEST = Duration.ofSeconds(1);

    /**
     * A consumed record with its delivery history. It keeps the event as the payload text and parses the tree only
     * when the record goes out: thousands of buffered trees cost several times the text's memory, and copying them
     * through the young generation made the connector's GC pauses long enough to show in the target latency.
     */
    private static final class Pending {
        final Message<String> message;
        final String uid;
        final Instant changedAt;
        final String partition;
        /** The version the target last confirmed for this UID, looked up before the record is ready. */
        DeliveryState stored;
        int attempts;
        Instant firstFailure;
        /** Out at the target (or its outcome being recorded): a revocation waits for it. */
        boolean sent;
        /** A request with this record failed in the connector itself: it goes alone, to find the record at fault. */
        boolean alone;
        /**
         * The target's answer to the id lookup made for this record's next attempt (found, or empty: absent), null
         * when none was; used by that one attempt only.
         */
        Optional<TargetIdLookup.TargetId> lookedUpId;
        /** Since when it waits for an id lookup. */
        Instant waitingForId;

        Pending(Message<String> message, String uid, Instant changedAt, String partition) {
            this.message = message;
            this.uid = uid;
            this.changedAt = changedAt;
            this.partition = partition;
        }
    }

    private final ConnectorConfig config;
    private final DeliveryTarget target;
    /** The target's id lookup ahead of delivery; null for a target that keys profiles by UID. */
    private final TargetIdLookup idLookup;
    private final DeliveryStates store;
    private final DeadLetterSink deadLetters;
    private final ConcurrencyPermits budget;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final MeterRegistry registry;
    /**
     * The engine's context: the channel's own event loop, taken at the first message, so that handing each message
     * over (one at a time, SmallRye waits for {@link #accept}) switches no thread. On another event loop every
     * message cost two thread wake-ups, which on a busy machine starved the buffer.
     */
    private volatile Context context;

    private final UidQueues<Pending> buffer = new UidQueues<>();
    /** UIDs whose next record waits for its delivery state to be read, in arrival order. */
    private final ArrayDeque<String> toLookUp = new ArrayDeque<>();
    private boolean lookingUp;
    /** Records whose delivery state is read but whose target id is unknown: they wait for an id lookup, in order. */
    private final ArrayDeque<Pending> toFindIds = new ArrayDeque<>();
    /** Records in id lookups at the target now. */
    private int findingIds;
    /** The records of the last id lookup. */
    private List<Pending> lastLookedUp = List.of();
    private final ArrayDeque<Runnable> waitingForSpace = new ArrayDeque<>();
    private final PartitionTracker partitions = new PartitionTracker();
    private final AdaptiveConcurrencyLimit concurrency;
    /** Written on the engine context, read by the budget (which gives back only slots not in use). */
    private volatile int inFlight;
    private Long lingerTimer;
    private Long probeTimer;
    private Long storeRetryTimer;
    private final OutageGate outage;
    private final RetryPolicy retryPolicy;
    /** Written on the engine context, read by the readiness checks on other threads. */
    private volatile boolean storeDown;
    private volatile int stuckPartitions;

    private final Counter delivered;
    private final Counter skipped;
    private final Counter retried;
    private final Counter deadLettered;
    private final DistributionSummary batchSizes;
    private final Timer targetLatency;
    /** Id lookups (C4C): one per call, by whether the target answered; and how many UIDs each call asked for. */
    private final Timer lookupsAnswered;
    private final Timer lookupsFailed;
    private final DistributionSummary lookupUids;
    private final DeliveryTracing tracing;

    DeliveryEngine(ConnectorConfig config, DeliveryTarget target, DeliveryStates store, DeadLetterSink deadLetters,
            ConcurrencyPermits budget, ObjectMapper json, Vertx vertx, MeterRegistry registry, DeliveryTracing tracing) {
        this.config = config;
        this.tracing = tracing;
        this.target = target;
        this.idLookup = target.idLookup().orElse(null);
        this.store = store;
        this.deadLetters = deadLetters;
        this.budget = budget;
        this.json = json;
        this.vertx = vertx;
        this.registry = registry;
        this.concurrency = new AdaptiveConcurrencyLimit(config.maxInFlight());
        this.outage = new OutageGate(config.outage().failureThreshold(), config.outage().probeInterval());
        this.retryPolicy = new RetryPolicy(config.retry(), bound -> ThreadLocalRandom.current().nextLong(bound + 1));
        budget.usage(() -> inFlight);
        // Read off the engine's context, as the gauges are: an int that may be a moment old is all the budget needs.
        budget.demand(() -> Math.max(inFlight, (buffer.buffered() + config.batchSize() - 1) / config.batchSize()));
        budget.onChange(() -> {
            if (context != null) {
                onEngine(this::dispatch);
            }
        });
        String name = config.name();
        this.delivered = counter(registry, "connector.records.delivered", name);
        this.skipped = counter(registry, "connector.records.skipped.stale", name);
        this.retried = counter(registry, "connector.records.retried", name);
        this.deadLettered = counter(registry, "connector.records.dead.lettered", name);
        this.batchSizes = DistributionSummary.builder("connector.batch.size").tag("connector", name).register(registry);
        this.targetLatency = Timer.builder("connector.target.latency").tag("connector", name)
                .publishPercentileHistogram().register(registry);
        this.lookupsAnswered = lookupLatency(registry, name, "answered");
        this.lookupsFailed = lookupLatency(registry, name, "failed");
        this.lookupUids = DistributionSummary.builder("connector.id.lookup.uids").tag("connector", name).register(registry);
        List<Tag> tags = List.of(Tag.of("connector", name));
        registry.gauge("connector.requests.in.flight", tags, this, engine -> engine.inFlight);
        registry.gauge("connector.records.buffered", tags, this, engine -> engine.buffer.buffered());
        registry.gauge("connector.concurrency.permits", tags, budget, ConcurrencyPermits::permits);
        registry.gauge("connector.partitions.stuck", tags, this, engine -> engine.stuckPartitions);
        registry.gauge("connector.delivery.state.down", tags, this, engine -> engine.storeDown ? 1 : 0);
        // What readiness reports about the target, as a number the chart's alert on an unreachable SAP system reads.
        registry.gauge("connector.target.down", tags, outage, gate -> gate.down() ? 1 : 0);
        vertx.setPeriodic(STUCK_CHECK.toMillis(), id -> {
            if (context != null) {
                onEngine(() -> stuckPartitions = partitions.stuck(stuckAfter()));
            }
        });
    }

    /** True while the target counts as down for everyone (readiness reports it). */
    public boolean targetDown() {
        return outage.down();
    }

    /** True while the delivery state cannot be read or written (readiness reports it). */
    public boolean deliveryStateDown() {
        return storeDown;
    }

    /** Partitions with records pending and none finished for longer than {@code connector.stuck-after}. */
    public int stuckPartitions() {
        return stuckPartitions;
    }

    @Incoming("profiles")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> accept(Message<String> message) {
        if (context == null) {
            Context current = Vertx.currentContext();
            context = current == null ? vertx.getOrCreateContext() : VertxContext.getRootContext(current);
        }
        return Uni.createFrom().emitter(accepted -> onEngine(() -> {
            enqueue(message);
            if (buffer.buffered() < config.maxBufferedRecords() && !storeDown) {
                accepted.complete(null);
            } else {
                waitingForSpace.add(() -> accepted.complete(null));
            }
        }));
    }

    /**
     * The partitions were revoked: their waiting records are let go (not acknowledged, so the next owner reads them
     * again), and the answer completes once none of their records is out at the target any more.
     */
    CompletionStage<Void> revoke(Collection<String> revoked) {
        if (context == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        onEngine(() -> {
            partitions.revoke(revoked).whenComplete((ignored, failure) -> done.complete(null));
            for (String uid : buffer.uids()) {
                dropIfRevoked(uid);
            }
        });
        return done;
    }

    void assigned(Collection<String> assigned) {
        if (context != null) {
            onEngine(() -> partitions.assigned(assigned));
        }
    }

    private void enqueue(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> origin = metadata(message);
        String partition = origin == null ? null : PartitionTracker.key(origin.getTopic(), origin.getPartition());
        if (partition != null && partitions.isRevoked(partition)) {
            return;
        }
        Optional<ProfileEventScan> scanned = ProfileEventScan.scan(json, message.getPayload()).filter(scan -> origin != null);
        String problem = scanned.isEmpty() ? "JSON with uid and changedAt" : scanned.get().keyProblem();
        if (problem != null) {
            writeDeadLetter(new Pending(message, null, null, partition), invalidEvent(problem));
            return;
        }
        Optional<Pending> pending = scanned.map(scan -> new Pending(message, scan.uid(), scan.changedAt(), partition));
        String uid = pending.get().uid;
        partitions.added(partition);
        if (buffer.add(uid, pending.get())) {
            lookUp(uid);
        }
        dispatch();
    }

    /** How many requests may be out now: this replica's slots of the tenant's budget, under the adaptive limit. */
    private int limit() {
        return concurrency.current(budget.permits());
    }

    private void dispatch() {
        while (inFlight < limit()) {
            Instant now = Instant.now();
            if (outage.down()) {
                // A probe is one delivery, which looks its ids up itself: nothing waits for a lookup meanwhile.
                readyWithoutId();
            } else if (findIdsAhead(now)) {
                continue;
            }
            if (buffer.readyCount() == 0) {
                return;
            }
            if (outage.down()) {
                if (outage.mayProbe(now, inFlight)) {
                    send(take(1));
                } else if (inFlight == 0 && probeTimer == null) {
                    probeTimer = vertx.setTimer(Math.max(1, outage.untilNextProbe(now).toMillis()),
                            id -> onEngine(() -> {
                                probeTimer = null;
                                dispatch();
                            }));
                }
                return;
            }
            Duration waited = buffer.readyWaited(now);
            if (buffer.readyCount() < config.batchSize() && waited.compareTo(config.linger()) < 0) {
                armLinger(config.linger().minus(waited));
                return;
            }
            send(take(config.batchSize()));
        }
    }

    /**
     * Spends a free slot on an id lookup when the records ready to go would not keep this replica's slots busy for
     * the round the lookup takes (it costs one target latency, like a write), or when records have waited for one
     * {@link #ID_LOOKUP_AT_THE_LATEST}. A lookup asks for up to the target's most UIDs per call, or fewer once the
     * oldest has waited a linger. True when it sent one.
     */
    private boolean findIdsAhead(Instant now) {
        Pending oldest = oldestWaitingForId();
        if (oldest == null) {
            return false;
        }
        Duration waited = Duration.between(oldest.waitingForId, now);
        boolean starving = buffer.readyCount() + findingIds < limit() * config.batchSize();
        if (!starving && (findingIds > 0 || waited.compareTo(ID_LOOKUP_AT_THE_LATEST) < 0
                || lastLookedUp.stream().anyMatch(pending -> isCurrent(pending) && pending.lookedUpId != null))) {
            return false;
        }
        if (toFindIds.size() < idLookup.maxUids() && waited.compareTo(config.linger()) < 0) {
            armLinger(config.linger().minus(waited));
            return false;
        }
        List<Pending> records = new ArrayList<>();
        while (!toFindIds.isEmpty() && records.size() < idLookup.maxUids()) {
            Pending next = toFindIds.poll();
            if (isCurrent(next) && !dropIfRevoked(next.uid)) {
                records.add(next);
            }
        }
        if (!records.isEmpty()) {
            lastLookedUp = records;
            findIds(records);
        }
        return true;
    }

    /** The oldest record waiting for an id lookup that is still waiting (one let go with its partition is not). */
    private Pending oldestWaitingForId() {
        while (!toFindIds.isEmpty() && !isCurrent(toFindIds.peek())) {
            toFindIds.poll();
        }
        return toFindIds.peek();
    }

    /**
     * One call for the target ids of these records. The records are their UIDs' heads and none of their UIDs has a
     * record out at the target, so until each record's own attempt nothing of ours writes those UIDs: an answer
     * "absent" stays true for that attempt (docs/connectors.md). A failed lookup sends the records without an answer:
     * their delivery looks them up itself, and fails, retries or probes as any delivery does.
     */
    private void findIds(List<Pending> records) {
        inFlight++;
        findingIds += records.size();
        List<String> uids = records.stream().map(pending -> pending.uid).toList();
        lookupUids.record(uids.size());
        Timer.Sample sample = Timer.start();
        Uni.createFrom().deferred(() -> idLookup.find(uids))
                .ifNoItem().after(config.budget().requestBound()).failWith(() -> new TargetCallException(0, null,
                        "No answer from the target within " + config.budget().requestBound(), null))
                .emitOn(this::onEngine)
                .subscribe().with(found -> {
                    sample.stop(lookupsAnswered);
                    foundIds(records, found);
                }, failure -> {
                    sample.stop(lookupsFailed);
                    if (failure instanceof TargetCallException call && isThrottling(call.status())) {
                        concurrency.throttled(budget.permits());
                    }
                    foundIds(records, Map.of());
                });
    }

    private void foundIds(List<Pending> records, Map<String, Optional<TargetIdLookup.TargetId>> found) {
        inFlight--;
        findingIds -= records.size();
        Instant now = Instant.now();
        for (Pending pending : records) {
            if (isCurrent(pending) && !dropIfRevoked(pending.uid)) {
                pending.lookedUpId = found.get(pending.uid);
                buffer.ready(pending.uid, now);
            }
        }
        dispatch();
    }

    /** Everything waiting for an id lookup goes out without one. */
    private void readyWithoutId() {
        Instant now = Instant.now();
        for (Pending pending = oldestWaitingForId(); pending != null; pending = oldestWaitingForId()) {
            toFindIds.poll();
            if (!dropIfRevoked(pending.uid)) {
                buffer.ready(pending.uid, now);
            }
        }
    }

    /** The next ready records, up to {@code count}; a record to be isolated goes in a request of its own. */
    private List<Pending> take(int count) {
        return buffer.take(count, pending -> pending.alone, Instant.now());
    }

    private void send(List<Pending> batch) {
        List<ProfileRecord> records = new ArrayList<>(batch.size());
        for (Iterator<Pending> pending = batch.iterator(); pending.hasNext();) {
            Optional<ProfileRecord> record = profileRecord(pending.next());
            if (record.isPresent()) {
                records.add(record.get());
            } else {
                pending.remove();
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        inFlight++;
        batch.forEach(pending -> {
            // An id lookup's answer serves one attempt: after it, a customer may exist whatever the answer said.
            pending.lookedUpId = null;
            pending.sent = true;
            partitions.sent(pending.partition);
        });
        batchSizes.record(records.size());
        DeliveryTracing.Delivery trace = tracing.start(config.name(), batch.stream().map(DeliveryEngine::headers).toList());
        Timer.Sample sample = Timer.start();
        // deferred: a target that throws instead of answering a failed Uni must not leak the request slot. The
        // deadline bounds the whole delivery (several calls for C4C), as the tenant budget's leases assume.
        Uni.createFrom().deferred(() -> target.deliver(records))
                .ifNoItem().after(config.budget().requestBound()).failWith(() -> new TargetCallException(0, null,
                        "No answer from the target within " + config.budget().requestBound(), null))
                .emitOn(this::onEngine)
                .subscribe().with(io.smallrye.mutiny.Context.of(DeliveryTarget.TRACE_CONTEXT, trace.context()), outcomes -> {
                    sample.stop(targetLatency);
                    trace.succeeded();
                    delivered(batch, records, outcomes);
                }, failure -> {
                    sample.stop(targetLatency);
                    trace.failed(failure);
                    if (failure instanceof TargetCallException call) {
                        requestFailed(batch, call);
                    } else {
                        connectorFailed(batch, failure);
                    }
                });
    }

    private void delivered(List<Pending> batch, List<ProfileRecord> records, List<DeliveryOutcome> outcomes) {
        inFlight--;
        if (outage.answered()) {
            LOG.infof("%s: the target answers again; resuming delivery", config.name());
        }
        boolean throttled = false;
        List<Pending> confirmed = new ArrayList<>();
        List<ProfileRecord> confirmedRecords = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            DeliveryOutcome outcome = i < outcomes.size() && outcomes.get(i) != null ? outcomes.get(i)
                    : new DeliveryOutcome.Retry("The target gave no outcome for this record", 0, null);
            if (outcome instanceof DeliveryOutcome.Delivered ok) {
                confirmed.add(pending);
                confirmedRecords.add(ok.targetId() == null ? records.get(i)
                        : records.get(i).withTarget(ok.targetId(), ok.targetEtag()));
            } else if (outcome instanceof DeliveryOutcome.Retry retry) {
                throttled |= isThrottling(retry.httpStatus());
                retry(pending, retry.reason(), retry.httpStatus(), retry.retryAfter(), true);
            } else if (outcome instanceof DeliveryOutcome.Failed failed) {
                Instant now = Instant.now();
                writeDeadLetter(pending, new DeadLetterWriter.Cause("Rejected by the target", failed.errorClass(),
                        failed.httpStatus(), failed.reason(), pending.attempts + 1,
                        pending.firstFailure == null ? now : pending.firstFailure, now));
            }
        }
        if (throttled) {
            concurrency.throttled(budget.permits());
        } else {
            concurrency.succeeded(budget.permits());
        }
        confirm(confirmed, confirmedRecords);
        dispatch();
    }

    /**
     * Writes what the target confirmed to the delivery state, then acknowledges. While PostgreSQL cannot take it, the
     * records wait (the target has them; sending again would only repeat the write) and the write is tried again.
     */
    private void confirm(List<Pending> confirmed, List<ProfileRecord> records) {
        if (confirmed.isEmpty()) {
            return;
        }
        store.confirm(config.name(), records)
                .emitOn(this::onEngine)
                .subscribe().with(ignored -> {
                    storeAnswered();
                    confirmed.forEach(pending -> {
                        delivered.increment();
                        acknowledge(pending);
                    });
                }, failure -> {
                    storeFailed("written", failure);
                    vertx.setTimer(config.outage().probeInterval().toMillis(), id -> onEngine(() -> confirm(confirmed, records)));
                });
    }

    /**
     * The record as the target gets it: the parsed event, with the target's id and version tag when known. The
     * payload passed the scan at arrival, so a failure here is all but impossible; it would go to the dead-letter
     * topic like any event that is not JSON.
     */
    private Optional<ProfileRecord> profileRecord(Pending pending) {
        IncomingKafkaRecordMetadata<?, ?> origin = metadata(pending.message);
        DeliveryState stored = pending.stored;
        String targetId = stored == null ? null : stored.targetId;
        String targetEtag = stored == null ? null : stored.targetEtag;
        Optional<TargetIdLookup.TargetId> lookedUp = targetId == null ? pending.lookedUpId : null;
        if (lookedUp != null && lookedUp.isPresent()) {
            targetId = lookedUp.get().id();
            targetEtag = lookedUp.get().etag();
        }
        try {
            return Optional.of(new ProfileRecord(pending.uid, pending.changedAt, json.readTree(pending.message.getPayload()),
                    origin.getTopic(), origin.getPartition(), origin.getOffset(), targetId, targetEtag,
                    lookedUp != null && lookedUp.isEmpty()));
        } catch (IOException e) {
            writeDeadLetter(pending, invalidEvent(e.getMessage()));
            return Optional.empty();
        }
    }

    private static DeadLetterWriter.Cause invalidEvent(String detail) {
        Instant now = Instant.now();
        return new DeadLetterWriter.Cause("Not a profile event (" + detail + ")", "InvalidEvent", 0, null, 0, now,
                now);
    }

    private void requestFailed(List<Pending> batch, TargetCallException failure) {
        inFlight--;
        if (isThrottling(failure.status())) {
            concurrency.throttled(budget.permits());
        }
        if (outage.failed(Instant.now())) {
            LOG.warnf("%s: %d requests in a row failed (%s); the target counts as down, probing every %s",
                    config.name(), config.outage().failureThreshold(), loggable(failure),
                    config.outage().probeInterval());
        }
        for (Pending pending : batch) {
            retry(pending, failure.getMessage(), failure.status(), failure.retryAfter(), !outage.down());
        }
        dispatch();
    }

    /**
     * The connector failed on this request itself (not SAP: a value the target's code did not foresee). Alone, the
     * record at fault is dead-lettered with the error; in company, each record is sent again alone to find it.
     */
    private void connectorFailed(List<Pending> batch, Throwable failure) {
        inFlight--;
        if (batch.size() == 1) {
            Pending pending = batch.get(0);
            LOG.errorf(failure, "%s: the connector failed on record %s (request %s)", config.name(), pending.uid,
                    requestId(pending));
            Instant now = Instant.now();
            writeDeadLetter(pending, new DeadLetterWriter.Cause("The connector failed on this record",
                    failure.getClass().getSimpleName(), 0, String.valueOf(failure.getMessage()), pending.attempts + 1,
                    pending.firstFailure == null ? now : pending.firstFailure, now));
        } else {
            for (int i = batch.size() - 1; i >= 0; i--) {
                Pending pending = batch.get(i);
                pending.alone = true;
                returned(pending);
                buffer.release(pending.uid);
                if (isCurrent(pending) && !dropIfRevoked(pending.uid)) {
                    buffer.readyFirst(pending.uid, Instant.now());
                }
            }
        }
        dispatch();
    }

    private static boolean isThrottling(int status) {
        return status == 429 || status == 503;
    }

    private void retry(Pending pending, String reason, int status, Duration retryAfter, boolean countAttempt) {
        Instant now = Instant.now();
        returned(pending);
        if (countAttempt) {
            pending.attempts++;
            pending.firstFailure = pending.firstFailure == null ? now : pending.firstFailure;
        }
        if (countAttempt && retryPolicy.exhausted(pending.attempts, pending.firstFailure, now)) {
            writeDeadLetter(pending, new DeadLetterWriter.Cause("Retries exhausted after " + pending.attempts
                    + " attempts", "RetriesExhausted", status, reason, pending.attempts, pending.firstFailure, now));
            return;
        }
        retried.increment();
        Duration delay = retryPolicy.backoff(pending.attempts, retryAfter);
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> onEngine(() -> {
            // Its UID may have been let go meanwhile (a revoked partition), and read again as a new record.
            if (isCurrent(pending)) {
                buffer.release(pending.uid);
                lookUp(pending.uid);
            }
        }));
    }

    private void writeDeadLetter(Pending pending, DeadLetterWriter.Cause letter) {
        IncomingKafkaRecordMetadata<?, ?> origin = metadata(pending.message);
        deadLetters.write(origin == null || origin.getKey() == null ? null : origin.getKey().toString(),
                pending.message.getPayload(), origin == null ? null : origin.getHeaders(), origin == null
                        ? new DeadLetter.Origin("", -1, -1)
                        : new DeadLetter.Origin(origin.getTopic(), origin.getPartition(), origin.getOffset()), letter)
                .emitOn(this::onEngine)
                .subscribe().with(ignored -> {
                    deadLettered.increment();
                    registry.counter("connector.dead.letters.written", "connector", config.name(), "reason",
                            String.valueOf(letter.errorClass())).increment();
                    // The target's message stays in the dead letter: SAP's errors may echo the profile's data.
                    LOG.warnf("%s: record %s (request %s) to the dead-letter topic: %s (%s, HTTP %d)", config.name(),
                            pending.uid, requestId(pending), letter.reason(), letter.errorClass(), letter.httpStatus());
                    if (pending.uid == null) {
                        pending.message.ack();
                    } else {
                        acknowledge(pending);
                    }
                }, failure -> {
                    LOG.errorf(failure, "%s: could not write a dead letter; trying again", config.name());
                    vertx.setTimer(5_000, id -> onEngine(() -> writeDeadLetter(pending, letter)));
                });
    }

    /**
     * The record is finished: acknowledge it and let its UID's next record go. A record whose UID was let go meanwhile
     * (its partition revoked) is not acknowledged: it may be assigned here again and read as a new record with the
     * same offset, whose acknowledgement must not come early.
     */
    private void acknowledge(Pending pending) {
        returned(pending);
        if (!isCurrent(pending)) {
            return;
        }
        pending.message.ack();
        partitions.finished(pending.partition);
        if (buffer.finishHead(pending.uid)) {
            lookUp(pending.uid);
        }
        releaseWaiting();
        dispatch();
    }

    /** The record is still the one its UID waits on (not let go with a revoked partition). */
    private boolean isCurrent(Pending pending) {
        return buffer.isHead(pending.uid, pending);
    }

    /** The record is back from the target with its outcome recorded: a revocation may be waiting for that. */
    private void returned(Pending pending) {
        if (pending.sent) {
            pending.sent = false;
            partitions.returned(pending.partition);
        }
    }

    private void releaseWaiting() {
        while (buffer.buffered() < config.maxBufferedRecords() && !storeDown && !waitingForSpace.isEmpty()) {
            waitingForSpace.poll().run();
        }
    }

    /**
     * A UID of a revoked partition that is not at the target now: its records are let go unacknowledged, for the
     * partition's next owner. True when it was dropped.
     */
    private boolean dropIfRevoked(String uid) {
        Pending head = buffer.head(uid);
        if (head == null || !partitions.isRevoked(head.partition) || head.sent) {
            return false;
        }
        partitions.dropped(head.partition, buffer.drop(uid));
        toLookUp.removeIf(uid::equals);
        releaseWaiting();
        return true;
    }

    /**
     * The UID's next record reads its delivery state before it is ready, in bulk with other UIDs' (one query at a
     * time, up to a round of requests' worth), so no database round trip holds one of the target's request slots.
     * The state cannot change meanwhile: a UID's record is looked up only when none of its records is in flight.
     */
    private void lookUp(String uid) {
        if (!buffer.contains(uid) || dropIfRevoked(uid)) {
            return;
        }
        toLookUp.add(uid);
        lookUpNext();
    }

    private void lookUpNext() {
        if (lookingUp || storeRetryTimer != null || toLookUp.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>();
        while (!toLookUp.isEmpty() && batch.size() < config.batchSize() * config.maxInFlight()) {
            Pending head = buffer.head(toLookUp.poll());
            if (head != null && !batch.contains(head)) {
                batch.add(head);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        lookingUp = true;
        store.find(config.name(), batch.stream().map(p -> p.uid).toList())
                .emitOn(this::onEngine)
                .subscribe().with(stored -> lookedUp(batch, stored), failure -> {
                    lookingUp = false;
                    storeFailed("read", failure);
                    // The same records, first in line, once the probe interval has passed: no attempt is counted.
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        toLookUp.addFirst(batch.get(i).uid);
                    }
                    storeRetryTimer = vertx.setTimer(config.outage().probeInterval().toMillis(), id -> onEngine(() -> {
                        storeRetryTimer = null;
                        lookUpNext();
                    }));
                });
    }

    /** A record not newer than the confirmed version is skipped; the others are ready to go out. */
    private void lookedUp(List<Pending> batch, Map<String, DeliveryState> stored) {
        lookingUp = false;
        storeAnswered();
        for (Pending pending : batch) {
            if (!isCurrent(pending) || dropIfRevoked(pending.uid)) {
                continue;
            }
            DeliveryState state = stored.get(pending.uid);
            if (state != null && isStale(pending, state)) {
                skipped.increment();
                acknowledge(pending);
            } else {
                pending.stored = state;
                readyOrFindId(pending);
            }
        }
        lookUpNext();
        dispatch();
    }

    /** A record whose target id is unknown waits for an id lookup (when the target has them), others are ready. */
    private void readyOrFindId(Pending pending) {
        Instant now = Instant.now();
        if (idLookup != null && (pending.stored == null || pending.stored.targetId == null) && !outage.down()) {
            pending.waitingForId = now;
            toFindIds.add(pending);
        } else {
            buffer.ready(pending.uid, now);
        }
    }

    /** Not newer than the confirmed version; for a re-sync, older than it (the same version goes out again). */
    private static boolean isStale(Pending pending, DeliveryState state) {
        if (pending.changedAt.equals(state.changedAt)) {
            // Only here is the header read: an operator's re-sync sends the confirmed version itself again.
            IncomingKafkaRecordMetadata<?, ?> origin = metadata(pending.message);
            return origin == null || origin.getHeaders().lastHeader(ReplayHeaders.RESYNC_ID) == null;
        }
        return pending.changedAt.isBefore(state.changedAt);
    }

    private void storeFailed(String what, Throwable failure) {
        if (!storeDown) {
            LOG.warnf("%s: the delivery state could not be %s (%s); holding records and trying again every %s",
                    config.name(), what, failure.getMessage(), config.outage().probeInterval());
        }
        storeDown = true;
    }

    private void storeAnswered() {
        if (storeDown) {
            LOG.infof("%s: the delivery state answers again; resuming", config.name());
            storeDown = false;
            releaseWaiting();
        }
    }

    private void armLinger(Duration remaining) {
        if (lingerTimer == null) {
            lingerTimer = vertx.setTimer(Math.max(1, remaining.toMillis()), id -> onEngine(() -> {
                lingerTimer = null;
                dispatch();
            }));
        }
    }

    private Duration stuckAfter() {
        return config.stuckAfter().orElse(config.retry().maxDuration().plus(config.retry().maxBackoff()));
    }

    /**
     * A failed call for a log line: its HTTP status, or, when the target gave none (no answer, no connection), what
     * happened. Never the body of the target's answer, which may echo profile data.
     */
    private static String loggable(TargetCallException failure) {
        return failure.status() == 0 ? failure.getMessage() : "HTTP " + failure.status();
    }

    /** The ingest request that accepted the record (its pb-request-id header), for log lines an operator follows. */
    private static String requestId(Pending pending) {
        IncomingKafkaRecordMetadata<?, ?> origin = metadata(pending.message);
        return origin == null ? null : DeadLetter.text(origin.getHeaders(), ProfileEventFields.REQUEST_ID_HEADER);
    }

    private static Headers headers(Pending pending) {
        IncomingKafkaRecordMetadata<?, ?> origin = metadata(pending.message);
        return origin == null ? null : origin.getHeaders();
    }

    private static IncomingKafkaRecordMetadata<?, ?> metadata(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
    }

    private void onEngine(Runnable action) {
        context.runOnContext(ignored -> action.run());
    }

    private static Counter counter(MeterRegistry registry, String name, String connector) {
        return Counter.builder(name).tag("connector", connector).register(registry);
    }

    private static Timer lookupLatency(MeterRegistry registry, String connector, String outcome) {
        return Timer.builder("connector.id.lookup.latency").tag("connector", connector).tag("outcome", outcome)
                .register(registry);
    }
}
