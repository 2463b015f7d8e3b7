package dev.profilebridge.marketing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.marketing.MarketingFixture;
import dev.profilebridge.testsupport.contract.ConnectorFixture;
import dev.profilebridge.testsupport.contract.ConnectorDeliveryContract;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The delivery engine with the Marketing Cloud target: real Kafka, real PostgreSQL, the sandbox; the connectors'
 * shared scenarios, then the outage probe and the skipped stale versions.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingDeliveryTest extends ConnectorDeliveryContract {

    private static final MarketingFixture FIXTURE = new MarketingFixture();

    private final MarketingCloudSandbox sandbox = MarketingSandboxResource.sandbox();

    @Override
    protected ConnectorFixture connector() {
        return FIXTURE;
    }

    /** 10,000 records. */
    @Override
    protected int backlogUids() {
        return 2_000;
    }

    @Override
    protected void assertBacklogDeliveredCleanly(String run, int uids) {
        assertEquals(0, sandbox.overlappingContactWrites(), "a contact had two requests in flight");
    }

    @Test
    void aVersionNotNewerThanTheDeliveredOneIsSkipped() {
        String uid = "stale-" + UUID.randomUUID();
        produce(uid, 2, "second");
        Await.until(Duration.ofSeconds(30), () -> "second".equals(firstNameAtTarget(uid)));
        produce(uid, 1, "first-arrived-late");
        produce(uid, 2, "second-again");
        produce(uid, 3, "third");
        Await.until(Duration.ofSeconds(30), () -> "third".equals(firstNameAtTarget(uid)));
        assertEquals(2, sandbox.originDataWrites("GIGYA", uid), "the late and the repeated versions were not sent");
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
        sandbox.clearFaults();
        Await.until(Duration.ofSeconds(60), () -> ProfileEvents.countAt(run, 20, "ok", this::firstNameAtTarget) == 20);
        RestAssured.get("/q/health/ready").then().statusCode(200);
        assertEquals(0, TopicReader.read(kafka.getBootstrapServers(), topic() + ".dlq", record -> record.key().startsWith(run), 1,
                Duration.ofSeconds(3)).size(), "an outage dead-letters nothing");
    }
}
