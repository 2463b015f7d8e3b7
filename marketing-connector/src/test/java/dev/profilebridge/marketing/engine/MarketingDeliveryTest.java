package dev.profilebridge.marketing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.InjectKafkaCompanion;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.testsupport.sap.MarketingCloudSandbox;
import dev.profilebridge.testsupport.sap.MarketingContact;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The delivery engine with the Marketing Cloud target: real Kafka, real PostgreSQL, the sandbox. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingDeliveryTest {

    private static final String TOPIC = "profiles.marketing";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final MarketingCloudSandbox sandbox = MarketingSandboxResource.sandbox();

    @Test
    void tenThousandRecordsEndAtEachUidsNewestVersionWithinTheConcurrencyLimit() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int uids = 2_000;
        int versions = 5;
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int version = 0; version < versions; version++) {
            for (int i = 0; i < uids; i++) {
                String uid = run + "-" + i;
                records.add(new ProducerRecord<>(TOPIC, uid, ProfileEvents.event(uid, version, "v" + version)));
            }
        }
        sandbox.latency(Duration.ofMillis(5));
        try {
            kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
            Await.until(Duration.ofSeconds(180), () -> countAtVersion(run, uids, "v" + (versions - 1)) == uids);
        } finally {
            sandbox.latency(Duration.ZERO);
        }
        assertTrue(sandbox.peakConcurrentRequests() <= 4, "peak " + sandbox.peakConcurrentRequests());
        assertEquals(0, sandbox.overlappingContactWrites(), "a contact had two requests in flight");
    }

    @Test
    void aVersionNotNewerThanTheDeliveredOneIsSkipped() {
        String uid = "stale-" + UUID.randomUUID();
        produce(uid, 2, "second");
        Await.until(Duration.ofSeconds(30), () -> "second".equals(firstName(uid)));
        produce(uid, 1, "first-arrived-late");
        produce(uid, 2, "second-again");
        produce(uid, 3, "third");
        Await.until(Duration.ofSeconds(30), () -> "third".equals(firstName(uid)));
        assertEquals(2, sandbox.originDataWrites("GIGYA", uid), "the late and the repeated versions were not sent");
    }

    @Test
    void throttlingAndOutageBurstsAreRetriedToSuccess() {
        String run = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        sandbox.failNextBatches(2, 503, null);
        for (int i = 0; i < 60; i++) {
            produce(run + "-" + i, 1, "ok");
        }
        sandbox.failNextBatches(3, 429, Duration.ofSeconds(1));
        Await.until(Duration.ofSeconds(60), () -> countAtVersion(run, 60, "ok") == 60);
    }

    @Test
    void aTargetDownForEveryoneIsProbedInsteadOfFloodingTheDeadLetterTopicAndDeliveryResumes() {
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        // The target stays down until readiness was seen DOWN: a fixed number of faults can be used up by the
        // probes before a slow machine's first readiness call answers.
        sandbox.failNextBatches(Integer.MAX_VALUE, 503, null);
        for (int i = 0; i < 20; i++) {
            produce(run + "-" + i, 1, "ok");
        }
        Await.until(Duration.ofSeconds(30), () -> RestAssured.get("/q/health/ready").statusCode() == 503);
        sandbox.failNextBatches(0, 503, null);
        Await.until(Duration.ofSeconds(60), () -> countAtVersion(run, 20, "ok") == 20);
        RestAssured.get("/q/health/ready").then().statusCode(200);
        assertEquals(0, TopicReader.read(bootstrap, TOPIC + ".dlq", record -> record.key().startsWith(run), 1,
                Duration.ofSeconds(3)).size(), "an outage dead-letters nothing");
    }

    @Test
    void aRejectedContactGoesToTheDeadLetterTopicWhileItsNeighboursAreDelivered() {
        String run = "reject-" + UUID.randomUUID().toString().substring(0, 8);
        String bad = run + "-bad";
        sandbox.rejectContact(bad);
        produce(run + "-a", 1, "A");
        produce(bad, 1, "Bad");
        produce(run + "-b", 1, "B");
        Await.until(Duration.ofSeconds(30), () -> "A".equals(firstName(run + "-a")) && "B".equals(firstName(run + "-b")));

        List<ConsumerRecord<String, String>> dead = TopicReader.read(bootstrap, TOPIC + ".dlq",
                record -> bad.equals(record.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size());
        ConsumerRecord<String, String> letter = dead.get(0);
        assertTrue(letter.value().contains("\"uid\":\"" + bad + "\""), "the original value is kept");
        assertEquals("Rejected by the target", TopicReader.headerValue(letter, "pb-dlq-reason"));
        assertEquals("RejectedByTarget", TopicReader.headerValue(letter, "pb-dlq-error-class"));
        assertEquals("400", TopicReader.headerValue(letter, "pb-dlq-http-status"));
        assertTrue(TopicReader.headerValue(letter, "pb-dlq-target-message").contains(bad), TopicReader.headerValue(letter, "pb-dlq-target-message"));
        assertEquals("1", TopicReader.headerValue(letter, "pb-dlq-attempts"));
        assertEquals(TOPIC, TopicReader.headerValue(letter, "pb-dlq-original-topic"));
        assertEquals("marketing-connector", TopicReader.headerValue(letter, "pb-dlq-connector"));
        Instant.parse(TopicReader.headerValue(letter, "pb-dlq-first-failure"));
        assertTrue(Long.parseLong(TopicReader.headerValue(letter, "pb-dlq-original-offset")) >= 0);
        assertEquals(null, sandbox.contact("GIGYA", bad));
    }

    @Test
    void anExpiredCsrfTokenMidRunIsRecovered() {
        String run = "csrf-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 100; i++) {
            produce(run + "-" + i, 1, "before");
        }
        Await.until(Duration.ofSeconds(30), () -> countAtVersion(run, 100, "before") == 100);
        sandbox.expireCsrfToken();
        for (int i = 0; i < 100; i++) {
            produce(run + "-" + i, 2, "after");
        }
        Await.until(Duration.ofSeconds(30), () -> countAtVersion(run, 100, "after") == 100);
    }

    private void produce(String uid, int version, String firstName) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(TOPIC, uid, ProfileEvents.event(uid, version, firstName)))
                .awaitCompletion(Duration.ofSeconds(10));
    }

    private String firstName(String uid) {
        MarketingContact contact = sandbox.contact("GIGYA", uid);
        return contact == null ? null : (String) contact.field("FirstName");
    }

    private long countAtVersion(String run, int uids, String firstName) {
        long count = 0;
        for (int i = 0; i < uids; i++) {
            if (firstName.equals(firstName(run + "-" + i))) {
                count++;
            }
        }
        return count;
    }
}
