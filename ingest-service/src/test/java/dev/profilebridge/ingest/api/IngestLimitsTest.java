package dev.profilebridge.ingest.api;

import static dev.profilebridge.ingest.api.ProfileIngestTest.account;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.wire.ProfileEventFields;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The limits that keep a request from exhausting the heap, and a record Kafka would refuse (its producer's
 * {@code max.request.size}, 1 MB by default) rejected on its own before anything of the request is written.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class IngestLimitsTest {

    private static final TokenIssuerFixture ISSUER = TokenIssuerFixture.shared();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "ingest.max-body-size")
    String maxBodySize;

    @Test
    void aBodyOfHalfAMillionTinyObjectsIs413AtTheRecordLimit() {
        int objects = (4 * 1024 * 1024 - 2) / "{\"a\":0},".length();
        String body = String.join(",", Collections.nCopies(objects, "{\"a\":0}"));
        assertEquals("4M", maxBodySize, "the body must fit the test profile's body limit");
        post("[" + body + "]").statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("limit", equalTo(1000));
    }

    @Test
    void aRecordKafkaWouldRefuseIsRejectedAloneAndTheOthersAreWrittenOnce() {
        String first = uid();
        String large = uid();
        String last = uid();
        String padding = "x".repeat(1_200_000);
        String body = "[" + account(first, 1000) + ",{\"UID\":\"" + large + "\",\"lastUpdatedTimestamp\":1000,"
                + "\"data\":{\"p\":\"" + padding + "\"}}," + account(last, 1000) + "]";

        String requestId = post(body).statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].uid", equalTo(large))
                .body("rejected[0].errors[0]", containsString("bytes"))
                .extract().path("requestId");
        for (String topic : List.of("profiles.marketing", "profiles.service")) {
            // Asks for one more than expected: the read then waits out its time, and a duplicate would show.
            List<ConsumerRecord<String, String>> written = TopicReader.read(bootstrap, topic,
                    TopicReader.header(ProfileEventFields.REQUEST_ID_HEADER, requestId), 3, Duration.ofSeconds(5));
            assertEquals(2, written.size(), topic);
            assertEquals(Set.of(first, last), Set.copyOf(written.stream().map(ConsumerRecord::key).toList()), topic);
        }

        post(body).statusCode(202).body("accepted", equalTo(2)).body("rejected", hasSize(1));
    }

    @Test
    void whenNoRecordFitsKafkaTheAnswerIs422() {
        post("[{\"UID\":\"" + uid() + "\",\"lastUpdatedTimestamp\":1,\"data\":{\"p\":\"" + "y".repeat(1_100_000)
                + "\"}}]").statusCode(422)
                .contentType("application/problem+json")
                .body("rejected[0].errors[0]", containsString("bytes"));
    }

    private static String uid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static ValidatableResponse post(String body) {
        return given().auth().oauth2(ISSUER.token("cdc-test", "profiles:write"))
                .contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/v1/profiles").then();
    }
}
