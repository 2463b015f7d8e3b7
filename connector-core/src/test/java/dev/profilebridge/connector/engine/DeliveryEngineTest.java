package dev.profilebridge.connector.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.budget.ConcurrencyPermits;
import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.persistence.DeliveryStates;
import dev.profilebridge.connector.spi.DeliveryOutcome;
import dev.profilebridge.connector.spi.DeliveryTarget;
import dev.profilebridge.connector.spi.ProfileRecord;
import dev.profilebridge.connector.spi.TargetCallException;
import dev.profilebridge.connector.spi.TargetIdLookup;
import dev.profilebridge.testsupport.Await;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ReplayHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Vertx;

/**
 * The engine's rules without a broker or a database: the engine fed messages directly, the target, the delivery
 * state, the dead letters and the permits in memory. Runs in seconds.
 */
class DeliveryEngineTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final List<String> acked = new CopyOnWriteArrayList<>();
    private final Map<String, DeliveryState> states = new ConcurrentHashMap<>();
    private final List<String> deadLettered = new CopyOnWriteArrayList<>();
    private final List<DeadLetterWriter.Cause> deadLetterCauses = new CopyOnWriteArrayList<>();
    private final List<DeadLetter.Origin> deadLetterOrigins = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Records acknowledged while the delivery state did not yet hold their version (or a newer one). */
    private final List<String> acknowledgedUnconfirmed = new CopyOnWriteArrayList<>();
    private final RecordingTarget target = new RecordingTarget();
    private final AtomicInteger offsets = new AtomicInteger();
    /** What the engine tells its budget it could use. */
    private volatile IntSupplier demand;

    @AfterEach
    void stop() {
        vertx.close();
    }

    @Test
    void aUidsVersionsGoOutInOrderOneAtATimeWhileOtherUidsShareRequests() {
        target.answer(batch -> Uni.createFrom().item(delivered(batch)).onItem().delayIt().by(Duration.ofMillis(20)));
        DeliveryEngine engine = engine(4, 50);
        for (int version = 1; version <= 3; version++) {
            accept(engine, "a", version);
            accept(engine, "b", version);
        }
        awaitAcked(6);

        assertEquals(List.of("a@1", "a@2", "a@3"), target.versionsOf("a"), "a UID's records in Kafka order");
        assertEquals(List.of("b@1", "b@2", "b@3"), target.versionsOf("b"));
        assertTrue(target.batches.stream().allMatch(batch -> batch.stream().map(ProfileRecord::uid).distinct().count()
                == batch.size()), "never two records of one UID in a request");
        assertEquals(0, target.overlappingUidRequests.get(), "never two requests of one UID at once");
        assertTrue(target.batches.get(0).size() == 2, "a and b share the first request: " + target.batches);
    }

    @Test
    void recordsArrivingTogetherAreCoalescedIntoOneRequestUpToTheBatchSize() {
        target.answer(batch -> Uni.createFrom().item(delivered(batch)));
        DeliveryEngine engine = engine(1, 5);
        for (int i = 0; i < 12; i++) {
            accept(engine, "uid-" + i, 1);
        }
        awaitAcked(12);

        assertTrue(target.batches.stream().allMatch(batch -> batch.size() <= 5), "batch size 5: " + target.batches);
        assertTrue(target.batches.size() <= 4, "12 records in few requests, not one each: " + target.batches.size());
    }

    @Test
    void theDemandToldTheBudgetIsTheSlotsItsBufferedRecordsCouldFillAndNoneOnceTheyAreDelivered() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        target.answer(batch -> Uni.createFrom().completionStage(release).replaceWith(delivered(batch)));
        DeliveryEngine engine = engine(1, 5);
        assertEquals(0, demand.getAsInt(), "nothing buffered");
        for (int i = 0; i < 12; i++) {
            accept(engine, "uid-" + i, 1);
        }
        Await.until(WAIT, () -> target.batches.size() == 1);
        assertEquals(3, demand.getAsInt(), "12 records in batches of 5 could use 3 slots; it holds 1");

        release.complete(null);
        awaitAcked(12);
        Await.until(WAIT, () -> demand.getAsInt() == 0);
    }

    @Test
    void aRetryWaitsAtLeastTheTargetsRetryAfterAndTheRecordIsAcknowledgedOnlyWhenConfirmed() {
        AtomicInteger calls = new AtomicInteger();
        target.answer(batch -> Uni.createFrom().item(calls.incrementAndGet() == 1
                ? List.<DeliveryOutcome> of(new DeliveryOutcome.Retry("busy", 429, Duration.ofMillis(600)))
                : delivered(batch)));
        DeliveryEngine engine = engine(2, 10);
        accept(engine, "slow", 1);
        awaitAcked(1);

        assertEquals(2, target.calls.size());
        Duration between = Duration.between(target.calls.get(0), target.calls.get(1));
        assertTrue(between.compareTo(Duration.ofMillis(600)) >= 0, "waited " + between);
        assertTrue(states.containsKey("slow"), "confirmed in the delivery state before the acknowledgement");
    }

    @Test
    void aUidsRecordsAreAcknowledgedInKafkaOrderEachOnlyOnceTheDeliveryStateHoldsIt() {
        target.answer(batch -> Uni.createFrom().item(delivered(batch)).onItem().delayIt()
                .by(batch.stream().anyMatch(record -> record.uid().equals("slow")) ? Duration.ofMillis(300) : Duration.ofMillis(1)));
        DeliveryEngine engine = engine(4, 1);
        accept(engine, "slow", 1);
        accept(engine, "slow", 2);
        accept(engine, "fast", 1);
        awaitAcked(3);

        List<String> slow = acked.stream().filter(record -> record.startsWith("slow@")).toList();
        assertEquals(List.of("slow@1", "slow@2"), slow, "one UID's acknowledgements in its order");
        assertTrue(acked.indexOf("fast@1") < acked.indexOf("slow@1"), "another UID does not wait: " + acked);
        assertEquals(List.of(), deadLettered);
        assertEquals(List.of(), acknowledgedUnconfirmed, "every acknowledgement after the delivery state's write");
    }

    @Test
    void aVersionNotNewerThanTheConfirmedOneIsAcknowledgedWithoutACall() {
        DeliveryState stored = new DeliveryState();
        stored.uid = "seen";
        stored.changedAt = T0.plusSeconds(5);
        states.put("seen", stored);
        target.answer(batch -> Uni.createFrom().item(delivered(batch)));
        DeliveryEngine engine = engine(2, 10);
        accept(engine, "seen", 5);
        accept(engine, "seen", 6);
        awaitAcked(2);

        assertEquals(List.of("seen@6"), target.versionsOf("seen"));
    }

    @Test
    void whatTheTargetSaysAboutARecordStaysOutOfTheLogs() {
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(DeliveryEngine.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            AtomicInteger calls = new AtomicInteger();
            target.answer(batch -> calls.incrementAndGet() <= 6
                    ? Uni.createFrom().failure(new TargetCallException(400, null,
                            "SAP answered 400: E-Mail jane.doe@example.com is not valid", null))
                    : Uni.createFrom().item(batch.stream().map(record -> (DeliveryOutcome) new DeliveryOutcome.Failed(
                            "Contact jane.doe@example.com rejected", "RejectedByTarget", 400)).toList()));
            DeliveryEngine engine = engine(1, 10);
            accept(engine, "pii", 1);
            awaitAcked(1);
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(List.of("pii"), deadLettered);
        assertTrue(logged.stream().anyMatch(line -> line.contains("pii") && line.contains("dead-letter topic")), logged.toString());
        assertTrue(logged.stream().anyMatch(line -> line.contains("HTTP 400")), logged.toString());
        assertTrue(logged.stream().noneMatch(line -> line.contains("jane.doe")), "personal data logged: " + logged);
    }

    @Test
    void aResyncSendsTheConfirmedVersionAgainButNeverAnOlderOne() {
        DeliveryState stored = new DeliveryState();
        stored.uid = "kept";
        stored.changedAt = T0.plusSeconds(5);
        states.put("kept", stored);
        target.answer(batch -> Uni.createFrom().item(delivered(batch)));
        DeliveryEngine engine = engine(2, 10);
        accept(engine, "kept", 5, true);
        accept(engine, "kept", 4, true);
        accept(engine, "kept", 5, false);
        awaitAcked(3);

        assertEquals(List.of("kept@5"), target.versionsOf("kept"),
                "the re-sync of the confirmed version went out; its older version and the plain repeat did not");
    }

    @Test
    void whileTheTargetIsDownOnlyOneProbeIsOutAndNothingIsDeadLettered() {
        AtomicInteger failures = new AtomicInteger(12);
        target.answer(batch -> failures.getAndDecrement() > 0
                ? Uni.createFrom().failure(new TargetCallException(503, null, "down", null))
                : Uni.createFrom().item(delivered(batch)));
        DeliveryEngine engine = engine(4, 1);
        target.engineSaysDown = engine::targetDown;
        for (int i = 0; i < 8; i++) {
            accept(engine, "o-" + i, 1);
        }
        Await.until(WAIT, engine::targetDown);
        awaitAcked(8);

        assertTrue(target.peakInFlight.get() <= 4);
        assertEquals(1, target.peakInFlightWhileDown.get(), "one probe at a time while down");
        assertEquals(List.of(), deadLettered, "an outage dead-letters nothing");
    }

    @Test
    void aRequestTheConnectorFailsOnIsSplitAndOnlyTheRecordAtFaultIsDeadLettered() {
        target.answer(batch -> {
            if (batch.stream().anyMatch(record -> record.uid().equals("poison"))) {
                throw new IllegalStateException("the connector cannot handle this one");
            }
            return Uni.createFrom().item(delivered(batch));
        });
        DeliveryEngine engine = engine(1, 10);
        accept(engine, "fine-1", 1);
        accept(engine, "poison", 1);
        accept(engine, "fine-2", 1);
        awaitAcked(3);

        assertEquals(List.of("poison"), deadLettered);
        assertTrue(acked.containsAll(List.of("fine-1@1", "fine-2@1", "poison@1")), acked.toString());
        assertEquals(1, target.batches.stream().filter(batch -> batch.size() == 1 && batch.get(0).uid().equals("poison"))
                .count(), "the record at fault went alone once, then to the dead-letter topic: " + target.batches);
        assertTrue(target.batches.stream().anyMatch(batch -> batch.size() > 1), "the three shared a request first");
    }

    @Test
    void aRecordTheTargetKeepsAskingToRetryIsDeadLetteredAfterMaxAttempts() {
        target.answer(batch -> Uni.createFrom().item(retry(batch, "still busy")));
        DeliveryEngine engine = engine(new TestConfig(1, 10, 3, Duration.ofMinutes(1), Duration.ofMillis(200)));
        accept(engine, "stubborn", 1);
        awaitAcked(1);

        assertEquals(List.of("stubborn"), deadLettered);
        assertEquals(3, target.batches.size(), "given up after max-attempts, not retried forever: " + target.batches);
        assertEquals("RetriesExhausted", deadLetterCauses.get(0).errorClass());
        assertEquals(3, deadLetterCauses.get(0).attempts());
    }

    @Test
    void aRecordTheTargetKeepsAskingToRetryIsDeadLetteredAfterMaxDuration() {
        target.answer(batch -> Uni.createFrom().item(retry(batch, "still busy")));
        DeliveryEngine engine = engine(new TestConfig(1, 10, 1_000, Duration.ofMillis(400), Duration.ofMillis(200)));
        accept(engine, "slow-to-die", 1);
        awaitAcked(1);

        assertEquals(List.of("slow-to-die"), deadLettered);
        DeadLetterWriter.Cause cause = deadLetterCauses.get(0);
        assertEquals("RetriesExhausted", cause.errorClass());
        assertTrue(cause.attempts() < 1_000, "given up on time, not on attempts: " + cause.attempts());
        assertTrue(Duration.between(cause.firstFailure(), cause.lastFailure()).compareTo(Duration.ofMillis(400)) >= 0,
                "not before max-duration: " + cause);
    }

    @Test
    void aLongOutageSendsOneProbePerIntervalAndDeadLettersNothingEvenWithFewAttemptsAllowed() {
        // Two attempts and half a second allowed: an outage that counted attempts would dead-letter every record.
        // No connection at all (no 429/503, which would also shrink the concurrency limit and hide a flood).
        AtomicInteger failures = new AtomicInteger(15);
        target.answer(batch -> failures.getAndDecrement() > 0
                ? Uni.createFrom().failure(new TargetCallException(0, null, "connection refused", null))
                : Uni.createFrom().item(delivered(batch)));
        DeliveryEngine engine = engine(new TestConfig(4, 1, 2, Duration.ofMillis(500), Duration.ofMillis(200)));
        target.engineSaysDown = engine::targetDown;
        for (int i = 0; i < 8; i++) {
            accept(engine, "long-" + i, 1);
        }
        awaitAcked(8);

        assertEquals(List.of(), deadLettered, "an outage dead-letters nothing");
        List<Instant> probes = target.callsWhileDown;
        assertTrue(probes.size() >= 10, "the outage lasted through several probes: " + probes.size());
        // The probe interval is 100 ms, counted from when the engine decided to probe, a little before the call on a
        // busy machine: two calls are at least half an interval apart, and there is about one call per interval.
        for (int i = 1; i < probes.size(); i++) {
            Duration gap = Duration.between(probes.get(i - 1), probes.get(i));
            assertTrue(gap.compareTo(Duration.ofMillis(50)) >= 0, "two probes " + gap.toMillis() + " ms apart");
        }
        long intervals = Duration.between(probes.get(0), probes.get(probes.size() - 1)).toMillis() / 100;
        assertTrue(probes.size() <= intervals + 2, probes.size() + " probes in " + intervals + " intervals");
    }

    @Test
    void aLoneRecordWaitsForTheLingerSoThatARecordArrivingMeanwhileSharesItsRequest() {
        target.answer(batch -> Uni.createFrom().item(delivered(batch)));
        Duration linger = Duration.ofMillis(600);
        DeliveryEngine engine = engine(new TestConfig(2, 10, 20, Duration.ofMinutes(1), linger));
        Instant first = Instant.now();
        accept(engine, "early", 1);
        accept(engine, "late", 1);
        awaitAcked(2);

        assertEquals(1, target.batches.size(), "one request for both: " + target.batches);
        Duration waited = Duration.between(first, target.calls.get(0));
        assertTrue(waited.compareTo(linger) >= 0, "sent after " + waited.toMillis() + " ms, before the linger");
    }

    @Test
    void firstTimeUidsAreLookedUpAheadSeveralBatchesInOneCallWithinTheSameSlots() {
        target.lookUpIds(40, Duration.ofMillis(20), uids -> Uni.createFrom().item(absent(uids)));
        target.answer(batch -> Uni.createFrom().item(createdAt(batch)).onItem().delayIt().by(Duration.ofMillis(20)));
        DeliveryEngine engine = engine(4, 5);
        for (int i = 0; i < 200; i++) {
            accept(engine, "new-" + i, 1);
        }
        awaitAcked(200);

        List<ProfileRecord> sent = target.batches.stream().flatMap(List::stream).toList();
        assertEquals(200, sent.size());
        assertTrue(sent.stream().allMatch(ProfileRecord::absentAtTarget),
                "every write knew ahead that its customer is absent, so none looks up in its own slot");
        int lookups = target.lookups.size();
        assertTrue(lookups >= 5 && lookups <= 7, "200 UIDs at 40 a lookup: " + lookups + " lookups "
                + target.lookups.stream().map(List::size).toList() + " for " + target.batches.size() + " writes");
        assertTrue(target.peakInFlight.get() <= 4, "lookups and writes share the 4 slots: peak " + target.peakInFlight);
        assertEquals(lookups, registry.get("connector.id.lookup.latency").tag("outcome", "answered").timer().count(),
                "one latency per lookup call");
        assertEquals(target.lookups.stream().mapToInt(List::size).sum(),
                registry.get("connector.id.lookup.uids").summary().totalAmount(), "the UIDs each call asked for");
        assertEquals(lookups, registry.get("connector.id.lookup.uids").summary().count());
    }

    @Test
    void inADeepBacklogLookupsComeNoFasterThanTheirAnswersAreUsed() {
        target.lookUpIds(20, Duration.ofMillis(30), uids -> Uni.createFrom().item(absent(uids)));
        target.answer(batch -> Uni.createFrom().item(createdAt(batch)).onItem().delayIt().by(Duration.ofMillis(30)));
        DeliveryEngine engine = engine(2, 5);
        for (int i = 0; i < 600; i++) {
            accept(engine, "deep-" + i, 1);
        }
        awaitAcked(600);

        // Records wait far longer than a second here: a lookup still waits until fewer than a round's worth (2 × 5)
        // are ready, so at most that round plus one lookup's 20 are looked up ahead. Every slot spent on lookups
        // earlier would be a slot not writing.
        assertTrue(target.peakLookedUpNotSent.get() <= 2 * 5 + 20, "looked up ahead: " + target.peakLookedUpNotSent);
        assertTrue(target.lookups.size() >= 30 && target.lookups.size() <= 33, target.lookups.size() + " lookups");
    }

    @Test
    void aLookedUpAbsenceServesOneAttemptAndALaterVersionGoesWithTheIdItsCreateGot() {
        target.lookUpIds(40, Duration.ofMillis(5), uids -> Uni.createFrom().item(absent(uids)));
        AtomicInteger attemptsOfRetried = new AtomicInteger();
        target.answer(batch -> Uni.createFrom().item(batch.stream().map(record -> record.uid().equals("retried")
                && attemptsOfRetried.incrementAndGet() == 1
                        ? (DeliveryOutcome) new DeliveryOutcome.Retry("answer lost", 0, null)
                        : new DeliveryOutcome.Delivered("id-" + record.uid(), "etag-" + record.changedAt())).toList()));
        DeliveryEngine engine = engine(2, 10);
        accept(engine, "twice", 1);
        accept(engine, "twice", 2);
        accept(engine, "retried", 1);
        awaitAcked(3);

        List<ProfileRecord> twice = target.batches.stream().flatMap(List::stream)
                .filter(record -> record.uid().equals("twice")).toList();
        assertTrue(twice.get(0).absentAtTarget() && twice.get(0).targetId() == null);
        assertEquals("id-twice", twice.get(1).targetId(), "the second version patches what the first created");
        assertTrue(!twice.get(1).absentAtTarget());
        assertEquals(List.of("find", "deliver", "answered", "deliver", "answered"), target.events.get("twice"));
        assertEquals(List.of("find", "deliver", "answered", "find", "deliver", "answered"), target.events.get("retried"),
                "a retry is looked up again after the attempt whose answer was lost");
    }

    @Test
    void aRecordSentAgainAloneAfterTheConnectorFailedCarriesNoAnswerFromBeforeItsFirstAttempt() {
        target.lookUpIds(40, Duration.ofMillis(1), uids -> Uni.createFrom().item(absent(uids)));
        AtomicInteger calls = new AtomicInteger();
        target.answer(batch -> {
            if (calls.incrementAndGet() == 1) {
                // As when the target's code fails on an answer after its writes went out.
                throw new IllegalStateException("unreadable answer");
            }
            return Uni.createFrom().item(delivered(batch));
        });
        DeliveryEngine engine = engine(1, 10);
        accept(engine, "a", 1);
        accept(engine, "b", 1);
        awaitAcked(2);

        List<ProfileRecord> sent = target.batches.stream().flatMap(List::stream).toList();
        assertEquals(4, sent.size(), "together, then each alone: " + target.batches);
        assertTrue(sent.get(0).absentAtTarget() && sent.get(1).absentAtTarget(), sent + " " + target.events);
        assertTrue(!sent.get(2).absentAtTarget() && !sent.get(3).absentAtTarget(),
                "after an attempt the customer may exist: the lone sends look it up themselves");
    }

    @Test
    void whenTheIdLookupFailsTheWritesGoWithoutAnAnswerAndLookUpThemselves() {
        target.lookUpIds(40, Duration.ofMillis(1), uids -> Uni.createFrom().failure(new TargetCallException(503, null,
                "busy", null)));
        target.answer(batch -> Uni.createFrom().item(delivered(batch)));
        DeliveryEngine engine = engine(2, 10);
        accept(engine, "a", 1);
        accept(engine, "b", 1);
        awaitAcked(2);

        assertTrue(target.batches.stream().flatMap(List::stream).noneMatch(ProfileRecord::absentAtTarget));
        assertEquals(List.of(), deadLettered);
        assertTrue(target.lookups.size() >= 1);
        assertEquals(target.lookups.size(), registry.get("connector.id.lookup.latency").tag("outcome", "failed").timer()
                .count(), "each failed lookup counted as failed");
    }

    @Test
    void aDeadLetterSaysWhichPartitionAndOffsetItsRecordWasReadFrom() {
        target.answer(batch -> Uni.createFrom().item(batch.stream()
                .map(record -> (DeliveryOutcome) new DeliveryOutcome.Failed("refused", "RejectedByTarget", 400)).toList()));
        DeliveryEngine engine = engine(2, 10);
        accept(engine, "first", 1, false, 3, 41);
        accept(engine, "second", 1, false, 7, 1_234_567_890_123L);
        awaitAcked(2);

        assertEquals(2, deadLetterOrigins.size());
        assertEquals(Map.of("first", new DeadLetter.Origin("profiles", 3, 41),
                "second", new DeadLetter.Origin("profiles", 7, 1_234_567_890_123L)),
                Map.of(deadLettered.get(0), deadLetterOrigins.get(0), deadLettered.get(1), deadLetterOrigins.get(1)),
                "each dead letter names its own record's topic, partition and offset");
    }

    @Test
    void theDocumentedMetricsCountWhatHappenedToEachRecord() {
        DeliveryState stored = new DeliveryState();
        stored.uid = "stale";
        stored.changedAt = T0.plusSeconds(5);
        states.put("stale", stored);
        AtomicInteger busyAnswers = new AtomicInteger();
        target.answer(batch -> Uni.createFrom().item(batch.stream().map(record -> switch (record.uid()) {
            case "busy" -> busyAnswers.incrementAndGet() <= 2
                    ? (DeliveryOutcome) new DeliveryOutcome.Retry("busy", 500, Duration.ofMillis(1))
                    : new DeliveryOutcome.Delivered();
            case "refused" -> new DeliveryOutcome.Failed("refused", "RejectedByTarget", 400);
            default -> new DeliveryOutcome.Delivered();
        }).toList()));
        DeliveryEngine engine = engine(2, 10);
        accept(engine, "ok-1", 1);
        accept(engine, "ok-2", 1);
        accept(engine, "stale", 4);
        accept(engine, "busy", 1);
        accept(engine, "refused", 1);
        awaitAcked(5);

        assertEquals(3.0, count("connector.records.delivered"), "ok-1, ok-2 and busy at its third attempt");
        assertEquals(1.0, count("connector.records.skipped.stale"));
        assertEquals(2.0, count("connector.records.retried"), "busy, twice");
        assertEquals(1.0, count("connector.records.dead.lettered"));
        assertEquals(1.0, registry.get("connector.dead.letters.written").tag("connector", "test-connector")
                .tag("reason", "RejectedByTarget").counter().count());
        long requests = target.batches.size();
        assertEquals(requests, registry.get("connector.target.latency").tag("connector", "test-connector").timer().count(),
                "one latency per request");
        assertEquals(requests, registry.get("connector.batch.size").summary().count());
        assertEquals(6.0, registry.get("connector.batch.size").summary().totalAmount(),
                "the records sent: four once, busy twice more (the stale one never)");
        Await.until(WAIT, () -> gauge("connector.requests.in.flight") == 0 && gauge("connector.records.buffered") == 0);
        assertEquals(2.0, gauge("connector.concurrency.permits"));
        assertEquals(0.0, gauge("connector.target.down"));
        assertEquals(0.0, gauge("connector.delivery.state.down"));
    }

    @Test
    void theTargetDownGaugeIsOneWhileTheOutageLasts() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        target.answer(batch -> down.get()
                ? Uni.createFrom().failure(new TargetCallException(0, null, "connection refused", null))
                : Uni.createFrom().item(delivered(batch)));
        DeliveryEngine engine = engine(1, 1);
        for (int i = 0; i < 4; i++) {
            accept(engine, "down-" + i, 1);
        }
        Await.until(WAIT, () -> gauge("connector.target.down") == 1.0);
        assertEquals(4.0, gauge("connector.records.buffered"), "held, not dead-lettered");
        assertEquals(0.0, count("connector.records.dead.lettered"));

        down.set(false);
        awaitAcked(4);
        assertEquals(0.0, gauge("connector.target.down"));
        assertEquals(4.0, count("connector.records.delivered"));
    }

    @Test
    void aRevokedPartitionsWaitingRecordsAreLetGoAndTheRevocationWaitsForTheRecordOutAtTheTarget() {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        target.answer(batch -> Uni.createFrom().completionStage(answer).replaceWith(delivered(batch)));
        DeliveryEngine engine = engine(1, 1);
        accept(engine, "out", 1);
        accept(engine, "out", 2);
        accept(engine, "waiting", 1);
        Await.until(WAIT, () -> target.batches.size() == 1);

        CompletableFuture<Void> revoked = engine.revoke(List.of("profiles-0")).toCompletableFuture();
        accept(engine, "after-revocation", 1);
        assertFalse(revoked.isDone(), "out@1 is still at the target");

        answer.complete(null);
        revoked.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        awaitAcked(1);
        assertEquals(List.of("out@1"), acked, "only the record that was out; the others are the next owner's");
        assertTrue(states.containsKey("out"), "its outcome is in the delivery state");

        engine.assigned(List.of("profiles-0"));
        accept(engine, "waiting", 1);
        awaitAcked(2);
        assertEquals(List.of("out@1", "waiting@1"), target.batches.stream().flatMap(List::stream)
                .map(record -> record.uid() + "@" + Duration.between(T0, record.changedAt()).toSeconds()).toList(),
                "nothing of the revoked partition went out until it was assigned again");
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private DeliveryEngine engine(int permits, int batchSize) {
        return engine(new TestConfig(permits, batchSize));
    }

    private DeliveryEngine engine(TestConfig config) {
        int permits = config.permits();
        ConcurrencyPermits fixed = new ConcurrencyPermits() {
            public int permits() {
                return permits;
            }

            public void usage(IntSupplier requestsInFlight) {
            }

            public void demand(IntSupplier slotsWanted) {
                demand = slotsWanted;
            }

            public void onChange(Runnable listener) {
            }
        };
        DeliveryStates memory = new DeliveryStates() {
            public Uni<Map<String, DeliveryState>> find(String connector, Collection<String> uids) {
                Map<String, DeliveryState> found = new java.util.HashMap<>();
                uids.forEach(uid -> Optional.ofNullable(states.get(uid)).ifPresent(state -> found.put(uid, state)));
                return Uni.createFrom().item(found);
            }

            public Uni<Void> confirm(String connector, List<ProfileRecord> delivered) {
                delivered.forEach(record -> {
                    DeliveryState state = new DeliveryState();
                    state.uid = record.uid();
                    state.changedAt = record.changedAt();
                    state.targetId = record.targetId();
                    state.targetEtag = record.targetEtag();
                    states.put(record.uid(), state);
                });
                return Uni.createFrom().voidItem();
            }
        };
        DeadLetterSink sink = (String key, String value, Headers original, DeadLetter.Origin origin,
                DeadLetterWriter.Cause cause) -> {
            deadLettered.add(key);
            deadLetterCauses.add(cause);
            deadLetterOrigins.add(origin);
            return Uni.createFrom().voidItem();
        };
        return new DeliveryEngine(config, target, memory, sink, fixed, new ObjectMapper(),
                vertx, registry, new DeliveryTracing(OpenTelemetry.noop()));
    }

    private void accept(DeliveryEngine engine, String uid, int version) {
        accept(engine, uid, version, false);
    }

    private void accept(DeliveryEngine engine, String uid, int version, boolean resync) {
        accept(engine, uid, version, resync, 0, offsets.getAndIncrement());
    }

    private void accept(DeliveryEngine engine, String uid, int version, boolean resync, int partition, long offset) {
        String payload = "{\"uid\":\"" + uid + "\",\"changedAt\":\"" + T0.plusSeconds(version) + "\",\"profile\":{}}";
        ConsumerRecord<String, String> record = new ConsumerRecord<>("profiles", partition, offset, uid, payload);
        if (resync) {
            record.headers().add(ReplayHeaders.RESYNC_ID, "resync-1".getBytes(StandardCharsets.UTF_8));
        }
        Message<String> message = Message.of(payload, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "profiles")),
                () -> {
                    DeliveryState state = states.get(uid);
                    if (state == null || state.changedAt.isBefore(T0.plusSeconds(version))) {
                        acknowledgedUnconfirmed.add(uid + "@" + version);
                    }
                    acked.add(uid + "@" + version);
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                });
        engine.accept(message).await().atMost(WAIT);
    }

    private void awaitAcked(int count) {
        Await.until(WAIT, () -> acked.size() >= count);
    }

    private double count(String counter) {
        return registry.get(counter).tag("connector", "test-connector").counter().count();
    }

    private double gauge(String gauge) {
        return registry.get(gauge).tag("connector", "test-connector").gauge().value();
    }

    private static List<DeliveryOutcome> retry(List<ProfileRecord> batch, String reason) {
        return batch.stream().map(record -> (DeliveryOutcome) new DeliveryOutcome.Retry(reason, 500, null)).toList();
    }

    private static Map<String, Optional<TargetIdLookup.TargetId>> absent(List<String> uids) {
        Map<String, Optional<TargetIdLookup.TargetId>> answer = new java.util.HashMap<>();
        uids.forEach(uid -> answer.put(uid, Optional.empty()));
        return answer;
    }

    private static List<DeliveryOutcome> createdAt(List<ProfileRecord> batch) {
        return batch.stream().map(record -> (DeliveryOutcome) new DeliveryOutcome.Delivered("id-" + record.uid(), "1"))
                .toList();
    }

    private static List<DeliveryOutcome> delivered(List<ProfileRecord> batch) {
        return batch.stream().map(record -> (DeliveryOutcome) new DeliveryOutcome.Delivered()).toList();
    }

    /** A target that records what it is sent and answers as the test says. */
    private final class RecordingTarget implements DeliveryTarget {
        final List<List<ProfileRecord>> batches = new CopyOnWriteArrayList<>();
        final List<Instant> calls = new CopyOnWriteArrayList<>();
        /** The calls made while the engine counted the target as down (its probes). */
        final List<Instant> callsWhileDown = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peakInFlight = new AtomicInteger();
        final AtomicInteger peakInFlightWhileDown = new AtomicInteger();
        final AtomicInteger overlappingUidRequests = new AtomicInteger();
        final Map<String, Boolean> uidsInFlight = new ConcurrentHashMap<>();
        volatile Function<List<ProfileRecord>, Uni<List<DeliveryOutcome>>> answer;
        /** The engine's own view of the target, to see what it sends while it counts the target as down. */
        volatile java.util.function.BooleanSupplier engineSaysDown = () -> false;
        /** The target's id lookup, when a test gives it one (before the engine is made). */
        volatile TargetIdLookup idLookup;
        /** Id lookups and deliveries of each UID, in the order the target saw them ("find", "deliver", "answered"). */
        final Map<String, List<String>> events = new ConcurrentHashMap<>();

        @Override
        public Optional<TargetIdLookup> idLookup() {
            return Optional.ofNullable(idLookup);
        }

        /** An id lookup that answers after {@code latency}: {@code answer} for each UID, counted like a delivery. */
        void lookUpIds(int maxUids, Duration latency,
                Function<List<String>, Uni<Map<String, Optional<TargetIdLookup.TargetId>>>> answer) {
            idLookup = new TargetIdLookup() {
                public int maxUids() {
                    return maxUids;
                }

                public Uni<Map<String, Optional<TargetIdLookup.TargetId>>> find(List<String> uids) {
                    int sent = batches.stream().mapToInt(List::size).sum();
                    int lookedUp = lookups.stream().mapToInt(List::size).sum();
                    peakLookedUpNotSent.accumulateAndGet(lookedUp - sent, Math::max);
                    lookups.add(uids);
                    uids.forEach(uid -> event(uid, "find"));
                    int now = inFlight.incrementAndGet();
                    peakInFlight.accumulateAndGet(now, Math::max);
                    return Uni.createFrom().deferred(() -> answer.apply(uids)).onItem().delayIt().by(latency)
                            .onTermination().invoke(() -> inFlight.decrementAndGet());
                }
            };
        }

        final List<List<String>> lookups = new CopyOnWriteArrayList<>();
        /** The most records looked up but not yet sent when another lookup started. */
        final AtomicInteger peakLookedUpNotSent = new AtomicInteger();

        void event(String uid, String event) {
            events.computeIfAbsent(uid, k -> new CopyOnWriteArrayList<>()).add(event);
        }

        void answer(Function<List<ProfileRecord>, Uni<List<DeliveryOutcome>>> answer) {
            this.answer = answer;
        }

        List<String> versionsOf(String uid) {
            List<String> versions = new ArrayList<>();
            batches.forEach(batch -> batch.stream().filter(record -> record.uid().equals(uid))
                    .forEach(record -> versions.add(uid + "@" + Duration.between(T0, record.changedAt()).toSeconds())));
            return versions;
        }

        @Override
        public Uni<List<DeliveryOutcome>> deliver(List<ProfileRecord> batch) {
            batches.add(batch);
            calls.add(Instant.now());
            int now = inFlight.incrementAndGet();
            peakInFlight.accumulateAndGet(now, Math::max);
            if (engineSaysDown.getAsBoolean()) {
                peakInFlightWhileDown.accumulateAndGet(now, Math::max);
                callsWhileDown.add(Instant.now());
            }
            batch.forEach(record -> {
                event(record.uid(), "deliver");
                if (uidsInFlight.put(record.uid(), true) != null) {
                    overlappingUidRequests.incrementAndGet();
                }
            });
            Uni<List<DeliveryOutcome>> answered;
            try {
                answered = answer.apply(batch);
            } catch (RuntimeException e) {
                release(batch);
                throw e;
            }
            return answered.onTermination().invoke(() -> release(batch));
        }

        private void release(List<ProfileRecord> batch) {
            batch.forEach(record -> {
                uidsInFlight.remove(record.uid());
                event(record.uid(), "answered");
            });
            inFlight.decrementAndGet();
        }
    }

    /** The engine's settings for a test: quick retries and probes; a linger long enough for a slow machine to fill a batch. */
    private record TestConfig(int permits, int batch, int attempts, Duration giveUpAfter, Duration lingering)
            implements ConnectorConfig {

        TestConfig(int permits, int batch) {
            this(permits, batch, 20, Duration.ofMinutes(1), Duration.ofMillis(200));
        }

        public String name() {
            return "test-connector";
        }

        public String topic() {
            return "profiles";
        }

        public int maxInFlight() {
            return permits;
        }

        public int batchSize() {
            return batch;
        }

        public Duration linger() {
            return lingering;
        }

        public int maxBufferedRecords() {
            return 1000;
        }

        public String deadLetterTopic() {
            return "profiles.dlq";
        }

        public Optional<Duration> stuckAfter() {
            return Optional.empty();
        }

        public Duration revocationTimeout() {
            return Duration.ofSeconds(5);
        }

        public Retry retry() {
            return new Retry() {
                public int maxAttempts() {
                    return attempts;
                }

                public Duration initialBackoff() {
                    return Duration.ofMillis(20);
                }

                public Duration maxBackoff() {
                    return Duration.ofMillis(100);
                }

                public Duration maxDuration() {
                    return giveUpAfter;
                }
            };
        }

        public Outage outage() {
            return new Outage() {
                public int failureThreshold() {
                    return 3;
                }

                public Duration probeInterval() {
                    return Duration.ofMillis(100);
                }
            };
        }

        public Budget budget() {
            return new Budget() {
                public Optional<Duration> leaseTtl() {
                    return Optional.empty();
                }

                public Duration renewInterval() {
                    return Duration.ofSeconds(1);
                }

                public Duration requestBound() {
                    return Duration.ofSeconds(5);
                }
            };
        }
    }
}
