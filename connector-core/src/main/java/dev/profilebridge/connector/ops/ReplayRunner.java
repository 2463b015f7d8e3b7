package dev.profilebridge.connector.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.persistence.DeliveryStates;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import dev.profilebridge.wire.kafka.KafkaLookup;

/**
 * Runs replays, one at a time per replica, on a thread of its own (it blocks on Kafka and on the database, and waits
 * between records to keep the asked rate).
 * <p>
 * Every replica looks for running replays nobody holds; the first to claim one runs it and renews its claim at every
 * record, so a replay whose replica died is taken over once the claim lapses. Before it produces a record the runner
 * stores where the record goes and that partition's end; after Kafka acknowledged it, the next position. A replay
 * taken over after a crash therefore looks for the one record that may have been produced without its position
 * being stored, and counts it instead of producing it again.
 */
@ApplicationScoped
public class ReplayRunner {

    private static final Logger LOG = Logger.getLogger(ReplayRunner.class);

    private final ConnectorConfig connector;
    private final OperatorConfig config;
    private final ReplayStore replays;
    private final DeadLetterLog deadLetters;
    private final DeliveryStates states;
    private final OperatorKafka kafka;
    private final MeterRegistry registry;
    private final String owner = owner();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "replay-runner"));
    private final AtomicBoolean running = new AtomicBoolean();

    ReplayRunner(ConnectorConfig connector, OperatorConfig config, ReplayStore replays, DeadLetterLog deadLetters,
            DeliveryStates states, OperatorKafka kafka, MeterRegistry registry) {
        this.connector = connector;
        this.config = config;
        this.replays = replays;
        this.deadLetters = deadLetters;
        this.states = states;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Claims the oldest running replay no replica holds, if this replica runs none. */
    @Scheduled(every = "${connector.ops.replay.poll-interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void claimNext() {
        if (running.get()) {
            return;
        }
        try {
            claimFirstUnclaimed();
        } catch (RuntimeException e) {
            // PostgreSQL away, or its pool closed at shutdown: a line, not the scheduler's stack trace every poll.
            LOG.warnf("%s: replays not polled (%s); next poll in %s", connector.name(), e.getMessage(),
                    config.replay().pollInterval());
        }
    }

    private void claimFirstUnclaimed() {
        for (UUID id : replays.unclaimed(connector.name()).await().atMost(config.kafkaTimeout())) {
            if (replays.claim(id, owner, leaseEnd()).await().atMost(config.kafkaTimeout())
                    && running.compareAndSet(false, true)) {
                thread.execute(() -> {
                    try {
                        run(id);
                    } finally {
                        running.set(false);
                    }
                });
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    private void run(UUID id) {
        Optional<Replay> found = replays.find(connector.name(), id).await().atMost(config.kafkaTimeout());
        if (found.isEmpty()) {
            return;
        }
        Replay replay = found.get();
        LOG.infof("%s: running replay %s (asked by %s)", connector.name(), id, replay.requestedBy());
        try (KafkaLookup session = kafka.session()) {
            List<DeadLetterEntry> entries = ReplayService.limit(deadLetters.read(session, replay.deadLetterEnd(),
                    replay.request().filter()), replay.request().limit());
            Map<Integer, Long> position = new TreeMap<>(replay.position());
            Replay.Counts counts = replay.counts();
            Pace pace = new Pace(replay.request().maxPerSecond());
            for (DeadLetterEntry entry : entries) {
                if (entry.offset() < position.getOrDefault(entry.partition(), 0L)) {
                    continue;
                }
                Optional<ReplayDecision> done = Optional.empty();
                if (replay.inFlight() != null && replay.inFlight().deadLetter().equals(entry.position())) {
                    done = alreadyProduced(session, replay);
                }
                if (!mayGoOn(id)) {
                    return;
                }
                ReplayDecision decision = done.isPresent() ? done.get() : replayOne(session, replay, entry, pace);
                counts = counts.plus(decision);
                position.put(entry.partition(), entry.offset() + 1);
                registry.counter("connector.replay.records", "connector", connector.name(), "outcome",
                        decision.name().toLowerCase()).increment();
                if (!replays.advance(id, owner, position, counts).await().atMost(config.kafkaTimeout())) {
                    return;
                }
            }
            replays.finish(id, owner, Replay.Status.DONE, null).await().atMost(config.kafkaTimeout());
            LOG.infof("%s: replay %s done: %s", connector.name(), id, counts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf(e, "%s: replay %s failed", connector.name(), id);
            replays.finish(id, owner, Replay.Status.FAILED, String.valueOf(e.getMessage()))
                    .await().atMost(config.kafkaTimeout());
        }
    }

    /** Decides, and produces unless stale: the in-flight note goes first, the position after Kafka's acknowledgement. */
    private ReplayDecision replayOne(KafkaLookup session, Replay replay, DeadLetterEntry entry, Pace pace)
            throws Exception {
        DeliveryState confirmed = entry.uid() == null ? null
                : states.find(connector.name(), List.of(entry.uid())).await().atMost(config.kafkaTimeout())
                        .get(entry.uid());
        ReplayDecision decision = ReplayDecision.of(entry, confirmed, config.replay().maxCount());
        if (decision == ReplayDecision.STALE) {
            return decision;
        }
        pace.await();
        boolean parked = decision == ReplayDecision.EXCLUDE;
        String topic = parked ? config.parkedTopic() : connector.topic();
        int partition = session.partitionOf(topic, entry.uid());
        Replay.InFlight inFlight = new Replay.InFlight(entry.position(), topic, partition,
                session.endOffset(topic, partition), parked);
        if (!replays.sending(replay.id(), owner, inFlight).await().atMost(config.kafkaTimeout())) {
            throw new IllegalStateException("Replay " + replay.id() + " was taken over by another replica");
        }
        ProducerRecord<String, String> record = parked
                ? ReplayRecords.parked(entry, topic, partition, replay.id())
                : ReplayRecords.replayed(entry, topic, partition, replay.id());
        kafka.producer().send(record).get(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return decision;
    }

    /** After a crash: whether the record noted in flight reached its topic; its decision if so. */
    private Optional<ReplayDecision> alreadyProduced(KafkaLookup session, Replay replay) throws Exception {
        Replay.InFlight inFlight = replay.inFlight();
        long end = session.endOffset(inFlight.topic(), inFlight.partition());
        AtomicBoolean found = new AtomicBoolean();
        session.read(inFlight.topic(), Map.of(inFlight.partition(), inFlight.from()), Map.of(inFlight.partition(), end),
                record -> found.compareAndSet(false,
                        ReplayRecords.isCopyOf(record.headers(), replay.id(), inFlight.deadLetter())));
        if (found.get()) {
            LOG.infof("%s: replay %s resumes after %s, which was produced before the interruption", connector.name(),
                    replay.id(), inFlight.deadLetter());
        }
        return found.get() ? Optional.of(inFlight.parked() ? ReplayDecision.EXCLUDE : ReplayDecision.REPLAY)
                : Optional.empty();
    }

    /** Renews the claim; waits while the operator paused the replay. False when cancelled or taken over. */
    private boolean mayGoOn(UUID id) throws InterruptedException {
        while (true) {
            Optional<Replay.Status> status = replays.renew(id, owner, leaseEnd()).await().atMost(config.kafkaTimeout());
            if (status.isEmpty() || status.get() != Replay.Status.RUNNING && status.get() != Replay.Status.PAUSED) {
                LOG.infof("%s: replay %s stops (%s)", connector.name(), id, status.map(Enum::name).orElse("taken over"));
                return false;
            }
            if (status.get() == Replay.Status.RUNNING) {
                return true;
            }
            Thread.sleep(config.replay().pollInterval().toMillis());
        }
    }

    private Instant leaseEnd() {
        return Instant.now().plus(config.replay().leaseTtl());
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "replica";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** At most {@code perSecond} records a second, evenly spaced. */
    private static final class Pace {
        private final long intervalNanos;
        private long next = System.nanoTime();

        Pace(int perSecond) {
            this.intervalNanos = Duration.ofSeconds(1).toNanos() / perSecond;
        }

        void await() throws InterruptedException {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next = Math.max(next, System.nanoTime()) + intervalNanos;
        }
    }
}
