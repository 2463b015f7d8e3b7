package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.EmbeddedKafkaBroker;
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
        static io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker broker;

        @Override
        public Map<String, String> start() {
            broker = EmbeddedKafkaBroker.startStoppable();
            return Map.of("mp.messaging.outgoing.profiles.bootstrap.servers", EmbeddedKafkaBroker.bootstrapOf(broker));
        }

        @Override
        public void stop() {
            broker.close();
        }
    }

    @Test
    void whenKafkaStopsTheAnswerIs503AndNothingIsClaimedAccepted() {
        String token = TokenIssuerFixture.shared().token("cdc", "profiles:write");
        post(token, "outage-1").then().statusCode(202).body("accepted", equalTo(1));
        given().get("/q/health/ready").then().statusCode(200);

        BrokerToStop.broker.close();

        post(token, "outage-2").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", containsString("none of this request was accepted"))
                .body("$", not(org.hamcrest.Matchers.hasKey("accepted")));
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }

    private static io.restassured.response.Response post(String token, String uid) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"UID\":\"" + uid + "\",\"lastUpdatedTimestamp\":1}")
                .post("/v1/profiles");
    }
}
