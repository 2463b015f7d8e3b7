package dev.profilebridge.testsupport.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.stack.infrastructure.CuttableTcpProxy;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ProfileEventFields;
import io.restassured.RestAssured;

/**
 * What every connector on the delivery engine must do against its SAP sandbox (real Kafka, real PostgreSQL): a
 * backlog of many UIDs in several versions ends at each UID's newest version within the in-flight limit; 429 and 503
 * bursts and an expired CSRF token are retried to success; a profile SAP rejects goes to the dead-letter topic with
 * its headers while its batch neighbours are delivered. A connector's test class extends this and carries
 * {@code @QuarkusTest}, the {@code RealInfrastructure} resource and its sandbox's resource.
 */
public abstract class ConnectorDeliveryContract extends ConnectorContract {

    /** How many UIDs the backlog test writes, each in five versions. */
    protected abstract int backlogUids();

    /** After the backlog: what the target itself must show (no record written by two requests at once, …). */
    protected abstract void assertBacklogDeliveredCleanly(String run, int uids);

    @Test
    void aBacklogOfManyUidsInFiveVersionsEndsAtEachUidsNewestVersionWithinTheConcurrencyLimit() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int uids = backlogUids();
        // The peak and the target's own counts asserted below are this test's, not earlier tests' on the shared sandbox.
        sandbox().resetCounts();
        sandbox().latency(Duration.ofMillis(5));
        try {
            kafka.produceStrings().fromRecords(ProfileEvents.backlog(topic(), run, uids, 5))
                    .awaitCompletion(Duration.ofSeconds(60));
            Await.until(Duration.ofSeconds(180),
                    () -> ProfileEvents.countAt(run, uids, "v4", this::firstNameAtTarget) == uids);
        } finally {
            sandbox().latency(Duration.ZERO);
        }
        assertTrue(sandbox().peakConcurrentRequests() <= 4, "peak " + sandbox().peakConcurrentRequests());
        assertBacklogDeliveredCleanly(run, uids);
    }

    @Test
    void throttlingOutagesAndAnExpiredCsrfTokenAreRetriedToSuccess() {
        String run = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        sandbox().failNextBatches(2, 503, null);
        for (int i = 0; i < 60; i++) {
            produce(run + "-" + i, 1, "ok");
        }
        sandbox().failNextBatches(3, 429, Duration.ofSeconds(1));
        Await.until(Duration.ofSeconds(60), () -> ProfileEvents.countAt(run, 60, "ok", this::firstNameAtTarget) == 60);
        sandbox().expireCsrfToken();
        for (int i = 0; i < 60; i++) {
            produce(run + "-" + i, 2, "again");
        }
        Await.until(Duration.ofSeconds(60), () -> ProfileEvents.countAt(run, 60, "again", this::firstNameAtTarget) == 60);
    }

    @Test
    void aRejectedProfileGoesToTheDeadLetterTopicWhileItsNeighboursAreDelivered() {
        String run = "reject-" + UUID.randomUUID().toString().substring(0, 8);
        String bad = run + "-bad";
        rejectAtTarget(bad);
        produce(run + "-a", 1, "A");
        ProducerRecord<String, String> badRecord = new ProducerRecord<>(topic(), bad, ProfileEvents.event(bad, 1, "Bad"));
        badRecord.headers().add(ProfileEventFields.REQUEST_ID_HEADER, "request-of-bad".getBytes(StandardCharsets.UTF_8));
        RecordMetadata badOrigin = kafka.produceStrings().fromRecords(badRecord).awaitCompletion(Duration.ofSeconds(10))
                .getFirstRecord();
        produce(run + "-b", 1, "B");
        Await.until(Duration.ofSeconds(30),
                () -> "A".equals(firstNameAtTarget(run + "-a")) && "B".equals(firstNameAtTarget(run + "-b")));

        List<ConsumerRecord<String, String>> dead = TopicReader.read(kafka.getBootstrapServers(), topic() + ".dlq",
                record -> bad.equals(record.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size());
        ConsumerRecord<String, String> record = dead.get(0);
        DeadLetter letter = DeadLetter.from(record.headers());
        assertTrue(record.value().contains("\"uid\":\"" + bad + "\""), "the original value is kept");
        assertEquals("request-of-bad", DeadLetter.text(record.headers(), ProfileEventFields.REQUEST_ID_HEADER),
                "the original headers are kept");
        assertEquals("Rejected by the target", letter.reason());
        assertEquals("RejectedByTarget", letter.errorClass());
        assertEquals(400, letter.httpStatus());
        assertTrue(letter.targetMessage().contains(bad), letter.targetMessage());
        assertEquals(1, letter.attempts());
        assertEquals(connectorName(), letter.connector());
        assertTrue(letter.firstFailure() != null && !letter.lastFailure().isBefore(letter.firstFailure()));
        assertEquals(new DeadLetter.Origin(topic(), badOrigin.partition(), badOrigin.offset()), letter.origin(),
                "where the record was read, not a constant");
        assertEquals(null, firstNameAtTarget(bad));
    }

    @Test
    void theSapCallsOfADeliveryContinueTheTraceOfItsRecords() {
        String run = "trace-" + UUID.randomUUID().toString().substring(0, 8);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String ingestSpan = "00f067aa0ba902b7";
        ProducerRecord<String, String> traced = new ProducerRecord<>(topic(), run, ProfileEvents.event(run, 1, "Traced"));
        traced.headers().add("traceparent", ("00-" + traceId + "-" + ingestSpan + "-01").getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(traced).awaitCompletion(Duration.ofSeconds(10));
        Await.until(Duration.ofSeconds(30), () -> "Traced".equals(firstNameAtTarget(run)));

        List<String> calls = sandbox().traceparentsOf(traceId);
        assertFalse(calls.isEmpty(), "the SAP calls carry the record's trace");
        for (String call : calls) {
            String parent = call.split("-")[2];
            assertNotEquals(ingestSpan, parent, "the connector's delivery span is the calls' parent: " + call);
        }
        assertEquals(0, sandbox().requestsWithSeveralTraceparents(), "one traceparent per call");
    }

    @Test
    void aRecordThatIsNotAProfileEventGoesToTheDeadLetterTopicAndTheNextVersionOfItsKeyIsDelivered() {
        String run = "invalid-" + UUID.randomUUID().toString().substring(0, 8);
        String truncated = ProfileEvents.event(run + "-truncated", 1, "T");
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(topic(), run + "-truncated", truncated.substring(0, truncated.length() - 2)),
                new ProducerRecord<>(topic(), run + "-no-time", "{\"uid\":\"" + run + "-no-time\",\"profile\":{}}"))
                .awaitCompletion(Duration.ofSeconds(10));
        produce(run + "-truncated", 2, "After");
        Await.until(Duration.ofSeconds(30), () -> "After".equals(firstNameAtTarget(run + "-truncated")));

        List<ConsumerRecord<String, String>> dead = TopicReader.read(kafka.getBootstrapServers(), topic() + ".dlq",
                record -> record.key() != null && record.key().startsWith(run), 2, Duration.ofSeconds(30));
        assertEquals(2, dead.size());
        for (ConsumerRecord<String, String> letter : dead) {
            DeadLetter why = DeadLetter.from(letter.headers());
            assertEquals("InvalidEvent", why.errorClass());
            assertTrue(why.reason().startsWith("Not a profile event"), why.reason());
        }
        assertEquals(null, firstNameAtTarget(run + "-no-time"));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndNeitherTheirNeighboursNorTheEngineWait() {
        String run = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        // Eight of each kind, more than the in-flight limit: a request slot leaked per poison record would stop
        // delivery, as the birth year that overflowed a date did before.
        List<ProducerRecord<String, String>> records = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String far = run + "-far-" + i;
            String nul = run + "-nul\u0000" + i;
            records.add(new ProducerRecord<>(topic(), far, ProfileEvents.event(far, 1, "Far")
                    .replace(ProfileEvents.BASE.plusSeconds(1).toString(), "+999999999-01-01T00:00:00Z")));
            records.add(new ProducerRecord<>(topic(), nul, ProfileEvents.event(nul, 1, "Nul").replace("\u0000", "\\u0000")));
            String born = run + "-born-" + i;
            records.add(new ProducerRecord<>(topic(), born, ProfileEvents.event(born, 1, "Born")
                    .replace("\"lastName\"", "\"birthYear\":999999999,\"birthMonth\":1,\"birthDay\":1,\"lastName\"")));
            records.add(new ProducerRecord<>(topic(), run + "-ok-" + i, ProfileEvents.event(run + "-ok-" + i, 1, "Ok")));
        }
        kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(30));

        Await.until(Duration.ofSeconds(60), () -> ProfileEvents.countAt(run + "-ok", 8, "Ok", this::firstNameAtTarget) == 8
                && ProfileEvents.countAt(run + "-born", 8, "Born", this::firstNameAtTarget) == 8);
        List<ConsumerRecord<String, String>> dead = TopicReader.read(kafka.getBootstrapServers(), topic() + ".dlq",
                record -> record.key() != null && record.key().startsWith(run), 16, Duration.ofSeconds(30));
        assertEquals(16, dead.size());
        for (ConsumerRecord<String, String> letter : dead) {
            assertEquals("InvalidEvent", DeadLetter.from(letter.headers()).errorClass());
            String reason = DeadLetter.from(letter.headers()).reason();
            assertTrue(letter.key().contains("-far-") ? reason.contains("outside the years 1 to 9999")
                    : reason.contains("control characters"), letter.key() + ": " + reason);
        }
    }

    @Test
    void aPostgreSqlOutageHoldsRecordsDeadLettersNothingAndDeliveryResumesByItself() throws InterruptedException {
        String run = "pg-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 10; i++) {
            produce(run + "-" + i, 1, "before");
        }
        Await.until(Duration.ofSeconds(30), () -> ProfileEvents.countAt(run, 10, "before", this::firstNameAtTarget) == 10);
        CuttableTcpProxy postgres = RealInfrastructure.postgresLink();
        postgres.cut();
        try {
            for (int i = 0; i < 10; i++) {
                produce(run + "-" + i, 2, "after");
            }
            Await.until(Duration.ofSeconds(30), () -> deliveryStateDown());
            // Watch ten probe intervals with PostgreSQL away: the records wait, none is given up on.
            Thread.sleep(2_000);
            assertEquals(0, ProfileEvents.countAt(run, 10, "after", this::firstNameAtTarget),
                    "nothing can be delivered without its delivery state");
        } finally {
            postgres.restore();
        }
        Await.until(Duration.ofSeconds(60), () -> ProfileEvents.countAt(run, 10, "after", this::firstNameAtTarget) == 10);
        Await.until(Duration.ofSeconds(30), () -> !deliveryStateDown());
        assertEquals(0, TopicReader.read(kafka.getBootstrapServers(), topic() + ".dlq",
                record -> record.key() != null && record.key().startsWith(run), 1, Duration.ofSeconds(3)).size(),
                "nothing was dead-lettered for the outage");
    }

    private static boolean deliveryStateDown() {
        return RestAssured.get("/q/health/ready").jsonPath()
                .getBoolean("checks.find { it.name == 'Delivery target reachable' }.data.deliveryStateDown");
    }

    protected void produce(String uid, int version, String firstName) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic(), uid, ProfileEvents.event(uid, version, firstName)))
                .awaitCompletion(Duration.ofSeconds(10));
    }
}
