package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.KafkaTopics;
import dev.profilebridge.testsupport.Await;
import dev.profilebridge.stack.infrastructure.EmbeddedKafkaBroker;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Kafka goes away mid-test: the caller gets a 503 with Retry-After, never a 202 for records Kafka did not take. */
@QuarkusTest
@TestProfile(KafkaOutageTest.OwnBroker.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class KafkaOutageTest {

    /** The profile producer writes to a broker of its own, which the test stops. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BrokerToStop.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.kafka-ack-timeout", "6s");
        }
    }

    public static class BrokerToStop implements QuarkusTestResourceLifecycleManager {
        static EmbeddedKafkaBroker broker;

        @Override
        public Map<String, String> start() {
            broker = EmbeddedKafkaBroker.startStoppable();
            String bootstrap = broker.bootstrap();
            // RouteTopics creates the route topics on the shared broker (kafka.bootstrap.servers), not on this one:
            // create them here as the service would (ingest.topics.partitions, 6 by default), so the first send
            // need not auto-create them on a just-started broker within max.block.ms.
            try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
                for (String topic : List.of("profiles.marketing", "profiles.service")) {
                    KafkaTopics.create(companion, topic, 6);
                }
            }
            return Map.of("mp.messaging.outgoing.profiles.bootstrap.servers", bootstrap,
                    "mp.messaging.outgoing.profiles-immediate.bootstrap.servers", bootstrap);
        }

        @Override
        public void stop() {
            broker.close();
        }
    }

    @Test
    void whenKafkaStopsTheAnswerIs503AndNothingIsClaimedAccepted() {
        String token = TokenIssuerFixture.shared().token("cdc", "profiles:write");
        // The producer's first send fetches metadata within max.block.ms; on a loaded machine that can miss, and the
        // caller then gets a 503 for which nothing was accepted, so posting again is what CDC would do.
        AtomicReference<io.restassured.response.Response> first = new AtomicReference<>();
        Await.until(Duration.ofSeconds(60), () -> {
            first.set(post(token, "outage-1"));
            return first.get().statusCode() == 202;
        });
        first.get().then().statusCode(202).body("accepted", equalTo(1));
        // Readiness lists the topics with a 2 s timeout, which a loaded machine can miss once.
        AtomicReference<io.restassured.response.Response> ready = new AtomicReference<>();
        Await.until(Duration.ofSeconds(60), () -> {
            ready.set(given().get("/q/health/ready"));
            return ready.get().statusCode() == 200;
        });
        ready.get().then().statusCode(200).body("status", equalTo("UP"));

        BrokerToStop.broker.close();

        post(token, "outage-2").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", containsString("may have been written"))
                .body("detail", containsString("Retry the same request"))
                .body("$", not(org.hamcrest.Matchers.hasKey("accepted")));
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }

    private static io.restassured.response.Response post(String token, String uid) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"UID\":\"" + uid + "\",\"lastUpdatedTimestamp\":1}")
                .post("/v1/profiles");
    }
}
