package dev.profilebridge.connector.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.wire.kafka.KafkaLookup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the dead-letter topic holds, as gauges for alerts: how many dead letters, and how old the oldest is. Each
 * replica reads the whole topic on its own schedule, so every replica reports the same numbers (a dashboard takes
 * the max over replicas, not the sum); a counter of dead letters written, by reason, is the engine's.
 */
@ApplicationScoped
public class DeadLetterGauges {

    private static final Logger LOG = Logger.getLogger(DeadLetterGauges.class);

    private final DeadLetterLog deadLetters;
    private final OperatorKafka kafka;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    DeadLetterGauges(DeadLetterLog deadLetters, OperatorKafka kafka, ConnectorConfig connector, MeterRegistry registry) {
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        Gauge.builder("connector.dead.letters.stored", stored, AtomicLong::get).tag("connector", connector.name())
                .description("Dead letters in the dead-letter topic, as of the last scan").register(registry);
        Gauge.builder("connector.dead.letters.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .tag("connector", connector.name())
                .description("Age of the oldest dead letter's last failure, 0 when there is none").register(registry);
    }

    @Scheduled(every = "${connector.ops.dead-letter-scan-interval:5m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        try (KafkaLookup session = kafka.session()) {
            List<DeadLetterEntry> entries = deadLetters.read(session, deadLetters.end(session), DeadLetterFilter.ALL);
            stored.set(entries.size());
            oldestAgeSeconds.set(entries.stream().map(DeadLetterEntry::lastFailure).min(Instant::compareTo)
                    .map(oldest -> Duration.between(oldest, Instant.now()).toSeconds()).orElse(0L));
        } catch (Exception e) {
            LOG.warnf("Could not read the dead-letter topic for its gauges: %s", e.getMessage());
        }
    }
}
