package dev.profilebridge.marketing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.InjectKafkaCompanion;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** A partition whose records wait without progress for longer than connector.stuck-after shows in readiness. */
@QuarkusTest
@TestProfile(StuckPartitionTest.ShortStuckAfter.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class StuckPartitionTest {

    public static class ShortStuckAfter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connector.stuck-after", "2s");
        }
    }

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private final MarketingCloudSandbox sandbox = MarketingSandboxResource.sandbox();

    @Test
    void aPartitionWithoutProgressTurnsReadinessDownUntilItMovesAgain() {
        String uid = "stuck-" + UUID.randomUUID().toString().substring(0, 8);
        // SAP takes the request and never answers (until released): no timeout yet, no failure, no progress.
        sandbox.holdAnswersWhen(() -> true);
        try {
            kafka.produceStrings().fromRecords(new ProducerRecord<>("profiles.marketing", uid,
                    ProfileEvents.event(uid, 1, "Stuck"))).awaitCompletion(Duration.ofSeconds(10));
            Await.until(Duration.ofSeconds(30), () -> stuckPartitions() == 1);
            RestAssured.get("/q/health/ready").then().statusCode(503);
            Await.until(Duration.ofSeconds(10), () -> RestAssured.get("/q/metrics").asString()
                    .contains("connector_partitions_stuck{connector=\"marketing-connector\"} 1.0"));
        } finally {
            sandbox.releaseAnswers();
        }
        Await.until(Duration.ofSeconds(30), () -> "Stuck".equals(sandbox.firstName("GIGYA", uid)) && stuckPartitions() == 0);
        assertEquals(200, RestAssured.get("/q/health/ready").statusCode());
    }

    private static int stuckPartitions() {
        return RestAssured.get("/q/health/ready").jsonPath()
                .getInt("checks.find { it.name == 'Delivery target reachable' }.data.stuckPartitions");
    }
}
