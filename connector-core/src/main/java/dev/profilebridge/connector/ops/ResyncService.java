package dev.profilebridge.connector.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.wire.ReplayHeaders;
import dev.profilebridge.wire.kafka.KafkaLookup;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forced re-syncs: the version the target confirmed of each chosen UID (or of all) goes out again, after a mapping
 * change or data lost in SAP. The confirmed record is read back from Kafka where the delivery state says it lies, and
 * put on the connector's topic again marked {@code pb-resync-id}; the engine delivers such a record when it is the
 * confirmed version (never an older one). A re-sync runs on the replica that was asked, at the asked rate; if that
 * replica stops, the re-sync stays "running" in the audit and can simply be asked again (sending a confirmed version
 * twice changes nothing).
 */
@ApplicationScoped
public class ResyncService {

    private static final Logger LOG = Logger.getLogger(ResyncService.class);
    private static final int PAGE = 500;

    private final ConnectorConfig connector;
    private final OperatorConfig config;
    private final ResyncStore store;
    private final OperatorKafka kafka;
    private final MeterRegistry registry;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "resync-runner"));

    ResyncService(ConnectorConfig connector, OperatorConfig config, ResyncStore store, OperatorKafka kafka,
            MeterRegistry registry) {
        this.connector = connector;
        this.config = config;
        this.store = store;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Stores the re-sync as running and starts it on this replica. */
    public Uni<Resync> start(Resync.Request request, String requestedBy) {
        List<String> uids = request.all() ? null : List.copyOf(request.uids());
        int rate = request.maxPerSecond() == null ? config.replay().defaultMaxPerSecond() : request.maxPerSecond();
        Uni<Integer> requested = uids == null ? store.confirmedCount(connector.name()) : Uni.createFrom().item(uids.size());
        return requested.map(count -> {
            Instant now = Instant.now();
            return new Resync(UUID.randomUUID(), connector.name(), requestedBy, now, uids, rate, "running", count, 0, 0,
                    now, null, null);
        }).call(store::insert).invoke(resync -> thread.execute(() -> run(resync)));
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    private void run(Resync resync) {
        Duration timeout = config.kafkaTimeout();
        long interval = Duration.ofSeconds(1).toNanos() / resync.maxPerSecond();
        long next = System.nanoTime();
        int produced = 0;
        int found = 0;
        try (KafkaLookup session = kafka.session()) {
            String after = "";
            List<ResyncStore.Confirmed> page;
            do {
                page = store.page(connector.name(), resync.uids(), after, PAGE).await().atMost(timeout);
                for (ResyncStore.Confirmed confirmed : page) {
                    found++;
                    after = confirmed.uid();
                    ConsumerRecord<String, String> record = read(session, confirmed);
                    if (record == null) {
                        continue;
                    }
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    next = Math.max(next, System.nanoTime()) + interval;
                    kafka.producer().send(copy(record, resync.id())).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    produced++;
                    registry.counter("connector.resync.records", "connector", connector.name()).increment();
                    if (produced % 50 == 0) {
                        store.progress(resync.id(), produced, found - produced).await().atMost(timeout);
                    }
                }
            } while (page.size() == PAGE);
            store.progress(resync.id(), produced, resync.requested() - produced).await().atMost(timeout);
            store.finish(resync.id(), "done", null).await().atMost(timeout);
            LOG.infof("%s: re-sync %s done: %d of %d sent again", connector.name(), resync.id(), produced,
                    resync.requested());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf(e, "%s: re-sync %s failed", connector.name(), resync.id());
            store.finish(resync.id(), "failed", String.valueOf(e.getMessage())).await().atMost(timeout);
        }
    }

    /** The confirmed record, or null when Kafka no longer holds it (or holds another key there). */
    private static ConsumerRecord<String, String> read(KafkaLookup session, ResyncStore.Confirmed confirmed)
            throws Exception {
        if (session.partitionCount(confirmed.topic()) <= confirmed.partition()) {
            return null;
        }
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        session.read(confirmed.topic(), Map.of(confirmed.partition(), confirmed.offset()),
                Map.of(confirmed.partition(), Math.min(confirmed.offset() + 1,
                        session.endOffset(confirmed.topic(), confirmed.partition()))),
                record -> {
                    if (record.offset() == confirmed.offset() && confirmed.uid().equals(record.key())) {
                        found.set(record);
                    }
                });
        return found.get();
    }

    /** The confirmed record again, with its own headers and the re-sync's mark, for the connector's topic. */
    private ProducerRecord<String, String> copy(ConsumerRecord<String, String> record, UUID resync) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(header -> {
            if (!header.key().startsWith(ReplayHeaders.PREFIX) && !header.key().equals(ReplayHeaders.RESYNC_ID)) {
                headers.add(header);
            }
        });
        headers.add(ReplayHeaders.RESYNC_ID, resync.toString().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(connector.topic(), null, record.key(), record.value(), headers);
    }
}
