package dev.profilebridge.ingest.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;

/**
 * The array producer's linger is stretched to seconds, so it shows in the answer time: a small request must not wait
 * for it (it goes through the producer that does not linger), an array must (batching for arrays is kept).
 */
@QuarkusTest
@TestProfile(SmallRequestLingerTest.LongLinger.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class SmallRequestLingerTest {

    public static class LongLinger implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.profiles.linger.ms", "3000");
        }
    }

    @ConfigProperty(name = "mp.messaging.outgoing.profiles.linger.ms")
    long arrayLingerMs;

    @ConfigProperty(name = "ingest.immediate-max-records")
    int immediateMaxRecords;

    @Inject
    KafkaClientService clients;

    @Test
    void bothProducersShareEverySettingButTheLinger() {
        Map<String, ?> arrays = withoutOwnSettings(clients.getProducer(ProfilePublisher.CHANNEL).configuration());
        Map<String, ?> small = withoutOwnSettings(
                clients.getProducer(ProfilePublisher.IMMEDIATE_CHANNEL).configuration());

        assertEquals(arrays, small);
        assertEquals("all", String.valueOf(small.get(ProducerConfig.ACKS_CONFIG)));
        assertEquals("true", String.valueOf(small.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)));
        assertEquals("0", String.valueOf(clients.getProducer(ProfilePublisher.IMMEDIATE_CHANNEL).configuration()
                .get(ProducerConfig.LINGER_MS_CONFIG)));
    }

    @Test
    void aOneProfileRequestIsAcknowledgedWithoutTheArrayLinger() {
        String token = TokenIssuerFixture.shared().token("cdc", "profiles:write");
        post(token, 1); // the producer's first send fetches metadata: not what is measured

        Duration single = post(token, 1);

        assertTrue(single.toMillis() < arrayLingerMs / 2,
                "one profile answered in " + single.toMillis() + " ms, array linger " + arrayLingerMs + " ms");
    }

    @Test
    void anArrayStillWaitsForItsBatchToFill() {
        String token = TokenIssuerFixture.shared().token("cdc", "profiles:write");
        post(token, immediateMaxRecords + 1);

        Duration array = post(token, immediateMaxRecords + 1);

        assertTrue(array.toMillis() >= arrayLingerMs * 9 / 10,
                "an array of " + (immediateMaxRecords + 1) + " answered in " + array.toMillis() + " ms, linger "
                        + arrayLingerMs + " ms");
    }

    /** The linger, and what SmallRye sets per channel (client id, channel name). */
    private static Map<String, ?> withoutOwnSettings(Map<String, ?> configuration) {
        Map<String, Object> shared = new HashMap<>(configuration);
        shared.remove(ProducerConfig.LINGER_MS_CONFIG);
        shared.remove(ProducerConfig.CLIENT_ID_CONFIG);
        shared.remove("channel-name");
        return shared;
    }

    private static Duration post(String token, int profiles) {
        String body = IntStream.range(0, profiles)
                .mapToObj(i -> "{\"UID\":\"" + UUID.randomUUID() + "\",\"lastUpdatedTimestamp\":1}")
                .collect(Collectors.joining(",", "[", "]"));
        long start = System.nanoTime();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v1/profiles")
                .then().statusCode(202).body("accepted", equalTo(profiles));
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
