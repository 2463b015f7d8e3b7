package dev.profilebridge.service.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
import dev.profilebridge.testsupport.sap.C4CCustomer;
import dev.profilebridge.testsupport.sap.C4CSandbox;
import dev.profilebridge.testsupport.sap.C4CSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The delivery engine with the C4C target: real Kafka, real PostgreSQL, the C4C sandbox. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = C4CSandboxResource.class, scope = TestResourceScope.GLOBAL)
class ServiceDeliveryTest {

    private static final String TOPIC = "profiles.service";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final C4CSandbox sandbox = C4CSandboxResource.sandbox();

    @Test
    void fiveThousandRecordsOverAThousandUidsEndAsExactlyAThousandCustomersAtTheirNewestVersion() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int uids = 1_000;
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
        for (int i = 0; i < uids; i++) {
            assertEquals(1, sandbox.customersWithExternalId(run + "-" + i).size(), "one customer per UID");
        }
        assertEquals(0, sandbox.lockConflicts(), "no customer had two requests at once");
        assertEquals(0, sandbox.throttledRequests(), "the tenant's concurrency cap was never hit");
        assertTrue(sandbox.peakConcurrentRequests() <= 4, "peak " + sandbox.peakConcurrentRequests());
    }

    @Test
    void aCreatedCustomerIsUpdatedInPlaceAndAnOlderVersionIsSkipped() {
        String uid = "update-" + UUID.randomUUID();
        produce(uid, 2, "second");
        Await.until(Duration.ofSeconds(30), () -> "second".equals(firstName(uid)));
        produce(uid, 1, "first-arrived-late");
        produce(uid, 3, "third");
        Await.until(Duration.ofSeconds(30), () -> "third".equals(firstName(uid)));
        List<C4CCustomer> customers = sandbox.customersWithExternalId(uid);
        assertEquals(1, customers.size());
        assertEquals(2, sandbox.writes(customers.get(0).objectId()), "the late version was not sent");
    }

    @Test
    void aCustomerChangedInC4CMeanwhileIsRereadAndUpdated() {
        String uid = "etag-" + UUID.randomUUID();
        produce(uid, 1, "before");
        Await.until(Duration.ofSeconds(30), () -> "before".equals(firstName(uid)));
        int failuresBefore = sandbox.preconditionFailures();
        sandbox.changeInC4C(uid);
        produce(uid, 2, "after");
        Await.until(Duration.ofSeconds(30), () -> "after".equals(firstName(uid)));
        assertEquals(failuresBefore + 1, sandbox.preconditionFailures());
        assertEquals(1, sandbox.customersWithExternalId(uid).size());
    }

    @Test
    void throttlingOutagesAndAnExpiredCsrfTokenAreRetriedToSuccess() {
        String run = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        sandbox.failNextBatches(2, 503, null);
        for (int i = 0; i < 40; i++) {
            produce(run + "-" + i, 1, "ok");
        }
        sandbox.failNextBatches(2, 429, Duration.ofSeconds(1));
        Await.until(Duration.ofSeconds(60), () -> countAtVersion(run, 40, "ok") == 40);
        sandbox.expireCsrfToken();
        for (int i = 0; i < 40; i++) {
            produce(run + "-" + i, 2, "again");
        }
        Await.until(Duration.ofSeconds(60), () -> countAtVersion(run, 40, "again") == 40);
    }

    @Test
    void aRejectedCustomerGoesToTheDeadLetterTopicWhileItsNeighboursAreDelivered() {
        String run = "reject-" + UUID.randomUUID().toString().substring(0, 8);
        String bad = run + "-bad";
        sandbox.rejectCustomer(bad);
        produce(run + "-a", 1, "A");
        produce(bad, 1, "Bad");
        produce(run + "-b", 1, "B");
        Await.until(Duration.ofSeconds(30), () -> "A".equals(firstName(run + "-a")) && "B".equals(firstName(run + "-b")));

        List<ConsumerRecord<String, String>> dead = TopicReader.read(bootstrap, TOPIC + ".dlq",
                record -> bad.equals(record.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size());
        ConsumerRecord<String, String> letter = dead.get(0);
        assertTrue(letter.value().contains("\"uid\":\"" + bad + "\""), "the original value is kept");
        assertEquals("RejectedByTarget", TopicReader.headerValue(letter, "pb-dlq-error-class"));
        assertEquals("400", TopicReader.headerValue(letter, "pb-dlq-http-status"));
        assertTrue(TopicReader.headerValue(letter, "pb-dlq-target-message").contains(bad));
        assertEquals("service-connector", TopicReader.headerValue(letter, "pb-dlq-connector"));
        assertEquals(0, sandbox.customersWithExternalId(bad).size());
    }

    private void produce(String uid, int version, String firstName) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(TOPIC, uid, ProfileEvents.event(uid, version, firstName)))
                .awaitCompletion(Duration.ofSeconds(10));
    }

    private String firstName(String uid) {
        List<C4CCustomer> customers = sandbox.customersWithExternalId(uid);
        return customers.isEmpty() ? null : customers.get(0).field("FirstName");
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
