package dev.profilebridge.connector.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.persistence.DeliveryStateStore;
import dev.profilebridge.connector.sap.SapCallException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
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
 * <li>at most {@code max-in-flight} requests to the target at any moment, whatever the partition count;</li>
 * <li>up to {@code batch-size} records per request, sent when full or after {@code linger};</li>
 * <li>per-UID order: the records of one UID go out in Kafka order, one at a time, while different UIDs run in
 * parallel, also within one partition;</li>
 * <li>retries with exponential backoff and jitter, honouring Retry-After, then the dead-letter topic; permanent
 * rejections go there at once;</li>
 * <li>an outage mode: after {@code outage.failure-threshold} failed requests in a row, one probe request per
 * {@code outage.probe-interval} and nothing dead-lettered until the target answers again;</li>
 * <li>delta tracking: a record not newer than the version the target last confirmed is skipped; the confirmed
 * versions are read in bulk before records are ready, outside the request slots.</li>
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

    /**
     * A consumed record with its delivery history. It keeps the event as the payload text and parses the tree only
     * when the record goes out: thousands of buffered trees cost several times the text's memory, and copying them
     * through the young generation made the connector's GC pauses long enough to show in the target latency.
     */
    private static final class Pending {
        final Message<String> message;
        final String uid;
        final Instant changedAt;
        /** The version the target last confirmed for this UID, looked up before the record is ready. */
        DeliveryState stored;
        int attempts;
        Instant firstFailure;

        Pending(Message<String> message, String uid, Instant changedAt) {
            this.message = message;
            this.uid = uid;
            this.changedAt = changedAt;
        }
    }

    private final ConnectorConfig config;
    private final DeliveryTarget target;
    private final DeliveryStateStore store;
    private final DeadLetterWriter deadLetters;
    private final ObjectMapper json;
    private final Vertx vertx;
    /**
     * The engine's context: the channel's own event loop, taken at the first message, so that handing each message
     * over (one at a time, SmallRye waits for {@link #accept}) switches no thread. On another event loop every
     * message cost two thread wake-ups, which on a busy machine starved the buffer.
     */
    private volatile Context context;

    private final Map<String, ArrayDeque<Pending>> queues = new HashMap<>();
    /** UIDs whose next record waits for its delivery state to be read, in arrival order. */
    private final ArrayDeque<String> toLookUp = new ArrayDeque<>();
    private boolean lookingUp;
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final Set<String> busy = new HashSet<>();
    private final ArrayDeque<Runnable> waitingForSpace = new ArrayDeque<>();
    private int buffered;
    private int inFlight;
    private Instant readySince;
    private Long lingerTimer;
    private Long probeTimer;
    private int consecutiveFailures;
    /** Written on the engine context, read by the readiness check on another thread. */
    private volatile boolean outage;
    private Instant nextProbe = Instant.MIN;

    private final Counter delivered;
    private final Counter skipped;
    private final Counter retried;
    private final Counter deadLettered;
    private final DistributionSummary batchSizes;
    private final Timer targetLatency;

    DeliveryEngine(ConnectorConfig config, DeliveryTarget target, DeliveryStateStore store,
            DeadLetterWriter deadLetters, ObjectMapper json, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.target = target;
        this.store = store;
        this.deadLetters = deadLetters;
        this.json = json;
        this.vertx = vertx;
        String name = config.name();
        this.delivered = counter(registry, "connector.records.delivered", name);
        this.skipped = counter(registry, "connector.records.skipped.stale", name);
        this.retried = counter(registry, "connector.records.retried", name);
        this.deadLettered = counter(registry, "connector.records.dead.lettered", name);
        this.batchSizes = DistributionSummary.builder("connector.batch.size").tag("connector", name).register(registry);
        this.targetLatency = Timer.builder("connector.target.latency").tag("connector", name)
                .publishPercentileHistogram().register(registry);
        registry.gauge("connector.requests.in.flight", List.of(io.micrometer.core.instrument.Tag.of("connector", name)),
                this, engine -> engine.inFlight);
        registry.gauge("connector.records.buffered", List.of(io.micrometer.core.instrument.Tag.of("connector", name)),
                this, engine -> engine.buffered);
    }

    /** True while the target counts as down for everyone (readiness reports it). */
    public boolean targetDown() {
        return outage;
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
            if (buffered < config.maxBufferedRecords()) {
                accepted.complete(null);
            } else {
                waitingForSpace.add(() -> accepted.complete(null));
            }
        }));
    }

    private void enqueue(Message<String> message) {
        Optional<Pending> pending = ProfileEventScan.scan(json, message.getPayload())
                .filter(scanned -> metadata(message) != null)
                .map(scanned -> new Pending(message, scanned.uid(), scanned.changedAt()));
        if (pending.isEmpty()) {
            writeDeadLetter(new Pending(message, null, null), invalidEvent("JSON with uid and changedAt"), null);
            return;
        }
        String uid = pending.get().uid;
        ArrayDeque<Pending> queue = queues.computeIfAbsent(uid, k -> new ArrayDeque<>());
        queue.add(pending.get());
        buffered++;
        if (queue.size() == 1 && !busy.contains(uid)) {
            lookUp(uid);
        }
        dispatch();
    }

    private void dispatch() {
        while (inFlight < config.maxInFlight() && !ready.isEmpty()) {
            Instant now = Instant.now();
            if (outage) {
                if (inFlight == 0 && !now.isBefore(nextProbe)) {
                    nextProbe = now.plus(config.outage().probeInterval());
                    send(take(1));
                } else if (inFlight == 0 && probeTimer == null) {
                    probeTimer = vertx.setTimer(Math.max(1, Duration.between(now, nextProbe).toMillis()),
                            id -> onEngine(() -> {
                                probeTimer = null;
                                dispatch();
                            }));
                }
                return;
            }
            Duration waited = readySince == null ? Duration.ZERO : Duration.between(readySince, now);
            if (ready.size() < config.batchSize() && waited.compareTo(config.linger()) < 0) {
                armLinger(config.linger().minus(waited));
                return;
            }
            send(take(config.batchSize()));
        }
    }

    private List<Pending> take(int count) {
        List<Pending> batch = new ArrayList<>(count);
        while (batch.size() < count && !ready.isEmpty()) {
            String uid = ready.poll();
            busy.add(uid);
            batch.add(queues.get(uid).peek());
        }
        readySince = ready.isEmpty() ? null : Instant.now();
        return batch;
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
        batchSizes.record(records.size());
        Timer.Sample sample = Timer.start();
        target.deliver(records)
                .emitOn(this::onEngine)
                .subscribe().with(outcomes -> {
                    sample.stop(targetLatency);
                    delivered(batch, records, outcomes);
                }, failure -> {
                    sample.stop(targetLatency);
                    requestFailed(batch, failure);
                });
    }

    private void delivered(List<Pending> batch, List<ProfileRecord> records, List<DeliveryOutcome> outcomes) {
        inFlight--;
        if (outage) {
            LOG.infof("%s: the target answers again; resuming delivery", config.name());
        }
        outage = false;
        consecutiveFailures = 0;
        List<Pending> confirmed = new ArrayList<>();
        List<ProfileRecord> confirmedRecords = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            DeliveryOutcome outcome = i < outcomes.size() ? outcomes.get(i)
                    : new DeliveryOutcome.Retry("The target gave no outcome for this record", 0, null);
            if (outcome instanceof DeliveryOutcome.Delivered ok) {
                confirmed.add(pending);
                confirmedRecords.add(ok.targetId() == null ? records.get(i)
                        : records.get(i).withTarget(ok.targetId(), ok.targetEtag()));
            } else if (outcome instanceof DeliveryOutcome.Retry retry) {
                retry(pending, retry.reason(), retry.httpStatus(), retry.retryAfter(), true);
            } else if (outcome instanceof DeliveryOutcome.Failed failed) {
                Instant now = Instant.now();
                writeDeadLetter(pending, new DeadLetterWriter.DeadLetter("Rejected by the target", failed.errorClass(),
                        failed.httpStatus(), failed.reason(), pending.attempts + 1,
                        pending.firstFailure == null ? now : pending.firstFailure, now), pending.uid);
            }
        }
        store.confirm(config.name(), confirmedRecords)
                .emitOn(this::onEngine)
                .subscribe().with(ignored -> confirmed.forEach(p -> {
                    delivered.increment();
                    acknowledge(p);
                }), failure -> confirmed.forEach(p -> retry(p, "Delivery state not written: " + failure.getMessage(),
                        0, null, true)));
        dispatch();
    }

    /**
     * The record as the target gets it: the parsed event, with the target's id and version tag when known. The
     * payload passed the scan at arrival, so a failure here is all but impossible; it would go to the dead-letter
     * topic like any event that is not JSON.
     */
    private Optional<ProfileRecord> profileRecord(Pending pending) {
        IncomingKafkaRecordMetadata<?, ?> origin = metadata(pending.message);
        DeliveryState stored = pending.stored;
        try {
            return Optional.of(new ProfileRecord(pending.uid, pending.changedAt, json.readTree(pending.message.getPayload()),
                    origin.getTopic(), origin.getPartition(), origin.getOffset(), stored == null ? null : stored.targetId,
                    stored == null ? null : stored.targetEtag));
        } catch (IOException e) {
            writeDeadLetter(pending, invalidEvent(e.getMessage()), pending.uid);
            return Optional.empty();
        }
    }

    private static DeadLetterWriter.DeadLetter invalidEvent(String detail) {
        Instant now = Instant.now();
        return new DeadLetterWriter.DeadLetter("Not a profile event (" + detail + ")", "InvalidEvent", 0, null, 0, now,
                now);
    }

    private void requestFailed(List<Pending> batch, Throwable failure) {
        inFlight--;
        consecutiveFailures++;
        if (!outage && consecutiveFailures >= config.outage().failureThreshold()) {
            outage = true;
            nextProbe = Instant.now().plus(config.outage().probeInterval());
            LOG.warnf("%s: %d requests in a row failed (%s); the target counts as down, probing every %s",
                    config.name(), consecutiveFailures, failure.getMessage(), config.outage().probeInterval());
        }
        SapCallException call = failure instanceof SapCallException e ? e : null;
        for (Pending pending : batch) {
            retry(pending, failure.getMessage(), call == null ? 0 : call.status(), call == null ? null : call.retryAfter(),
                    !outage);
        }
        dispatch();
    }

    private void retry(Pending pending, String reason, int status, Duration retryAfter, boolean countAttempt) {
        Instant now = Instant.now();
        if (countAttempt) {
            pending.attempts++;
            pending.firstFailure = pending.firstFailure == null ? now : pending.firstFailure;
        }
        boolean exhausted = pending.attempts >= config.retry().maxAttempts()
                || pending.firstFailure != null && Duration.between(pending.firstFailure, now).compareTo(config.retry().maxDuration()) >= 0;
        if (countAttempt && exhausted) {
            writeDeadLetter(pending, new DeadLetterWriter.DeadLetter("Retries exhausted after " + pending.attempts
                    + " attempts", "RetriesExhausted", status, reason, pending.attempts, pending.firstFailure, now),
                    pending.uid);
            return;
        }
        retried.increment();
        Duration delay = backoff(Math.max(1, pending.attempts), retryAfter);
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> onEngine(() -> {
            busy.remove(pending.uid);
            lookUp(pending.uid);
        }));
    }

    /** Exponential backoff with full jitter, never shorter than what the target asked for. */
    private Duration backoff(int attempt, Duration retryAfter) {
        long base = config.retry().initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, config.retry().maxBackoff().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return retryAfter == null ? Duration.ofMillis(jittered) : Duration.ofMillis(Math.max(jittered, retryAfter.toMillis()));
    }

    private void writeDeadLetter(Pending pending, DeadLetterWriter.DeadLetter letter, String uid) {
        IncomingKafkaRecordMetadata<?, ?> origin = metadata(pending.message);
        deadLetters.write(origin == null || origin.getKey() == null ? null : origin.getKey().toString(),
                pending.message.getPayload(), origin == null ? "" : origin.getTopic(),
                origin == null ? -1 : origin.getPartition(), origin == null ? -1 : origin.getOffset(), letter)
                .emitOn(this::onEngine)
                .subscribe().with(ignored -> {
                    deadLettered.increment();
                    LOG.warnf("%s: record %s to the dead-letter topic: %s (%s)", config.name(), uid, letter.reason(),
                            letter.targetMessage());
                    if (uid == null) {
                        pending.message.ack();
                    } else {
                        acknowledge(pending);
                    }
                }, failure -> {
                    LOG.errorf(failure, "%s: could not write a dead letter; trying again", config.name());
                    vertx.setTimer(5_000, id -> onEngine(() -> writeDeadLetter(pending, letter, uid)));
                });
    }

    /** The record is finished: acknowledge it and let its UID's next record go. */
    private void acknowledge(Pending pending) {
        pending.message.ack();
        String uid = pending.uid;
        ArrayDeque<Pending> queue = queues.get(uid);
        queue.poll();
        buffered--;
        busy.remove(uid);
        if (queue.isEmpty()) {
            queues.remove(uid);
        } else {
            lookUp(uid);
        }
        while (buffered < config.maxBufferedRecords() && !waitingForSpace.isEmpty()) {
            waitingForSpace.poll().run();
        }
        dispatch();
    }

    /**
     * The UID's next record reads its delivery state before it is ready, in bulk with other UIDs' (one query at a
     * time, up to a round of requests' worth), so no database round trip holds one of the target's request slots.
     * The state cannot change meanwhile: a UID's record is looked up only when none of its records is in flight.
     */
    private void lookUp(String uid) {
        toLookUp.add(uid);
        lookUpNext();
    }

    private void lookUpNext() {
        if (lookingUp || toLookUp.isEmpty()) {
            return;
        }
        lookingUp = true;
        List<Pending> batch = new ArrayList<>();
        while (!toLookUp.isEmpty() && batch.size() < config.batchSize() * config.maxInFlight()) {
            batch.add(queues.get(toLookUp.poll()).peek());
        }
        store.find(config.name(), batch.stream().map(p -> p.uid).toList())
                .emitOn(this::onEngine)
                .subscribe().with(stored -> lookedUp(batch, stored), failure -> {
                    lookingUp = false;
                    batch.forEach(p -> retry(p, "Delivery state not read: " + failure.getMessage(), 0, null, true));
                    lookUpNext();
                });
    }

    /** A record not newer than the confirmed version is skipped; the others are ready to go out. */
    private void lookedUp(List<Pending> batch, Map<String, DeliveryState> stored) {
        lookingUp = false;
        for (Pending pending : batch) {
            DeliveryState state = stored.get(pending.uid);
            if (state != null && !pending.changedAt.isAfter(state.changedAt)) {
                skipped.increment();
                acknowledge(pending);
            } else {
                pending.stored = state;
                if (ready.isEmpty()) {
                    readySince = Instant.now();
                }
                ready.add(pending.uid);
            }
        }
        lookUpNext();
        dispatch();
    }

    private void armLinger(Duration remaining) {
        if (lingerTimer == null) {
            lingerTimer = vertx.setTimer(Math.max(1, remaining.toMillis()), id -> onEngine(() -> {
                lingerTimer = null;
                dispatch();
            }));
        }
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
}
