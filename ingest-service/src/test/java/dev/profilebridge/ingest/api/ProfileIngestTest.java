package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.ChunkedRequest;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.wire.ProfileEventFields;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class ProfileIngestTest {

    private static final TokenIssuerFixture ISSUER = TokenIssuerFixture.shared();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/v1/profiles")
    URL profiles;

    @Test
    void oneAccountObjectLandsOnBothTopicsKeyedByUidWithoutTheTokenResponse() {
        String uid = uid();
        String requestId = post(ContentType.JSON, "{\"UID\":\"" + uid + "\",\"lastUpdatedTimestamp\":1732441200123,"
                + "\"profile\":{\"firstName\":\"Zoë\",\"email\":\"zoe@example.com\"},"
                + "\"preferences\":{\"marketing.email\":{\"isConsentGranted\":true}},"
                + "\"isActive\":true,\"_response\":{\"access_token\":\"secret-token\"}}")
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("superseded", equalTo(0))
                .body("rejected", hasSize(0))
                .extract().path("requestId");

        for (String topic : List.of("profiles.marketing", "profiles.service")) {
            List<ConsumerRecord<String, String>> records = read(topic, requestId, 1);
            assertEquals(1, records.size(), topic);
            ConsumerRecord<String, String> record = records.get(0);
            assertEquals(uid, record.key());
            JsonObject event = new JsonObject(record.value());
            assertEquals(uid, event.getString("uid"));
            assertEquals("2024-11-24T09:40:00.123Z", event.getString("changedAt"));
            assertEquals("cdc-test", event.getString("source"));
            assertEquals(requestId, event.getString("requestId"));
            assertEquals("Zoë", event.getJsonObject("profile").getString("firstName"));
            assertTrue(event.getJsonObject("preferences").getJsonObject("marketing.email").getBoolean("isConsentGranted"));
            assertEquals(true, event.getJsonObject("account").getBoolean("isActive"));
            assertFalse(record.value().contains("_response"), "the token step's output is never stored");
            assertFalse(record.value().contains("secret-token"));
            assertEquals("cdc-test", TopicReader.headerValue(record, ProfileEventFields.CLIENT_ID_HEADER));
        }
    }

    @Test
    void anArrayIsSplitAndItsInvalidRecordsAreReportedByIndex() {
        String a = uid();
        String b = uid();
        post(ContentType.JSON, "[" + account(a, 1000) + ",{\"UID\":\"\",\"lastUpdatedTimestamp\":5},"
                + "{\"lastUpdated\":\"2026-11-24T10:00:00Z\"}," + account(b, 2000) + ",{\"UID\":\"x\"},"
                + "{\"UID\":\"y\",\"lastUpdated\":\"yesterday\"},42]")
                .statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(5))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].errors[0]", containsString("UID must not be empty"))
                .body("rejected[1].index", equalTo(2))
                .body("rejected[1].errors[0]", containsString("UID is required"))
                .body("rejected[2].uid", equalTo("x"))
                .body("rejected[2].errors[0]", containsString("change time is required"))
                .body("rejected[3].errors[0]", containsString("ISO 8601"))
                .body("rejected[4].index", equalTo(6));
    }

    @Test
    void changeTimesInTheFutureAndUidsPostgreSqlCannotStoreAreRejectedPerRecord() {
        long inAnHour = System.currentTimeMillis() + 3_600_000;
        long inAMinute = System.currentTimeMillis() + 60_000;
        String ok = uid();
        post(ContentType.JSON, "[" + account(uid(), inAnHour) + ",{\"UID\":\"year-3000\",\"lastUpdated\":"
                + "\"3000-01-01T00:00:00Z\"}," + "{\"UID\":\"nul\\u0000uid\",\"lastUpdatedTimestamp\":5},"
                + "{\"UID\":\"lone\\ud800surrogate\",\"lastUpdatedTimestamp\":5}," + account(ok, inAMinute) + "]")
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejected", hasSize(4))
                .body("rejected[0].errors[0]", containsString("in the future"))
                .body("rejected[1].uid", equalTo("year-3000"))
                .body("rejected[1].errors[0]", containsString("in the future"))
                .body("rejected[2].errors[0]", containsString("control characters"))
                .body("rejected[3].errors[0]", containsString("valid Unicode"));
    }

    @Test
    void recordsWrapperAndNdjsonAreAccepted() {
        post(ContentType.JSON, "{\"records\":[" + account(uid(), 1) + "," + account(uid(), 2) + "]}")
                .statusCode(202).body("accepted", equalTo(2));
        post("application/x-ndjson", account(uid(), 1) + "\n" + account(uid(), 2) + "\n\n" + account(uid(), 3) + "\n")
                .statusCode(202).body("accepted", equalTo(3));
    }

    @Test
    void lastUpdatedIsTheFallbackChangeTime() {
        String uid = uid();
        String requestId = post(ContentType.JSON, "{\"UID\":\"" + uid + "\",\"lastUpdated\":\"2026-11-24T11:00:00.5+01:00\"}")
                .statusCode(202).extract().path("requestId");
        assertEquals("2026-11-24T10:00:00.500Z",
                new JsonObject(read("profiles.service", requestId, 1).get(0).value()).getString("changedAt"));
    }

    @Test
    void duplicateUidsKeepTheNewestVersion() {
        String uid = uid();
        String requestId = post(ContentType.JSON, "[" + account(uid, 3000, "middle") + "," + account(uid, 5000, "newest")
                + "," + account(uid, 1000, "oldest") + "]")
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("superseded", equalTo(2))
                .extract().path("requestId");
        List<ConsumerRecord<String, String>> records = read("profiles.marketing", requestId, 1);
        assertEquals(1, records.size());
        assertEquals("newest", new JsonObject(records.get(0).value()).getJsonObject("profile").getString("firstName"));
    }

    @Test
    void whenEveryRecordIsInvalidTheAnswerIs422ListingThem() {
        post(ContentType.JSON, "[{\"UID\":1,\"lastUpdatedTimestamp\":1},{\"UID\":\"a\",\"lastUpdatedTimestamp\":-4}]")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("rejected", hasSize(2))
                .body("rejected[0].errors[0]", containsString("UID must be a string"))
                .body("rejected[1].errors[0]", containsString("positive integer"));
    }

    @Test
    void malformedJsonIs400SayingWhereItBroke() {
        post(ContentType.JSON, "[{\"UID\":\"a\",\n\"lastUpdatedTimestamp\": 12,,}]")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("line", equalTo(2))
                .body("column", notNullValue())
                .body("detail", containsString("Malformed JSON"));
        post(ContentType.JSON, "").statusCode(400).contentType("application/problem+json");
        post(ContentType.JSON, "\"just a string\"").statusCode(400);
        post("application/x-ndjson", account(uid(), 1) + "\n{broken\n").statusCode(400).body("line", equalTo(2));
    }

    @Test
    void tooManyRecordsAndTooLargeBodiesAre413WithTheLimit() {
        String many = IntStream.range(0, 1001).mapToObj(i -> account("many-" + i, 1)).collect(Collectors.joining(",", "[", "]"));
        post(ContentType.JSON, many).statusCode(413)
                .contentType("application/problem+json")
                .body("limit", equalTo(1000));
        String padding = "x".repeat(5 * 1024 * 1024);
        post(ContentType.JSON, "{\"UID\":\"big\",\"lastUpdatedTimestamp\":1,\"data\":{\"p\":\"" + padding + "\"}}")
                .statusCode(413)
                .contentType("application/problem+json")
                .body("limit", equalTo(4 * 1024 * 1024));
    }

    @Test
    void aChunkedBodyMeetsTheSameLimitAndAChunkedProfileUnderItIsAccepted() throws Exception {
        String token = ISSUER.token("cdc-test", "profiles:write");
        String large = ChunkedRequest.post(profiles.toURI(), Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json"), 5 * 1024 * 1024);
        assertTrue(large.startsWith("HTTP/1.1 413"), large);

        HttpResponse<String> small = chunked(token, account(uid(), 1732441200000L).getBytes(StandardCharsets.UTF_8));
        assertEquals(202, small.statusCode(), small.body());
        assertEquals(1, new JsonObject(small.body()).getInteger("accepted"));
    }

    /** Sent with Transfer-Encoding: chunked (a body of unknown length to the JDK client), no Content-Length. */
    private HttpResponse<String> chunked(String token, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(profiles.toURI())
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aThousandProfilesLandAsAThousandRecordsKeyedByUidOnEachTopic() {
        Set<String> uids = IntStream.range(0, 1000).mapToObj(i -> uid()).collect(Collectors.toSet());
        String body = uids.stream().map(uid -> account(uid, 1732441200000L)).collect(Collectors.joining(",", "[", "]"));
        String requestId = post(ContentType.JSON, body).statusCode(202).body("accepted", equalTo(1000))
                .extract().path("requestId");
        for (String topic : List.of("profiles.marketing", "profiles.service")) {
            List<ConsumerRecord<String, String>> records = read(topic, requestId, 1000);
            assertEquals(1000, records.size(), topic);
            assertEquals(uids, records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()), topic);
            records.forEach(r -> assertEquals(r.key(), new JsonObject(r.value()).getString("uid")));
        }
    }

    @Test
    void fiftyConcurrentClientsAreAllAccepted() {
        List<CompletableFuture<String>> requests = IntStream.range(0, 50).mapToObj(client -> CompletableFuture.supplyAsync(() -> {
            String body = IntStream.range(0, 10).mapToObj(i -> account(uid(), 1000 + i)).collect(Collectors.joining(",", "[", "]"));
            return given().auth().oauth2(ISSUER.token("cdc-client-" + client, "profiles:write"))
                    .contentType(ContentType.JSON).body(body)
                    .post("/v1/profiles").then().statusCode(202).body("accepted", equalTo(10))
                    .extract().<String> path("requestId");
        })).toList();
        List<String> requestIds = requests.stream().map(CompletableFuture::join).toList();
        assertEquals(50, Set.copyOf(requestIds).size());
        Set<String> ids = Set.copyOf(requestIds);
        List<ConsumerRecord<String, String>> records = TopicReader.read(bootstrap, "profiles.service",
                r -> ids.contains(TopicReader.headerValue(r, ProfileEventFields.REQUEST_ID_HEADER)), 500, Duration.ofSeconds(60));
        assertEquals(500, records.size());
    }

    @Test
    void theRecordsContinueTheCallersTraceThroughTheRequestsOwnSpan() {
        String caller = "00-" + uid() + "-00f067aa0ba902b7-01";
        String requestId = given().auth().oauth2(ISSUER.token("cdc-test", "profiles:write")).header("traceparent", caller)
                .contentType(ContentType.JSON).body("[" + account(uid(), 1000) + "," + account(uid(), 1000) + "]")
                .post("/v1/profiles").then().statusCode(202).extract().path("requestId");

        List<ConsumerRecord<String, String>> records = read("profiles.service", requestId, 2);
        assertEquals(2, records.size());
        for (ConsumerRecord<String, String> record : records) {
            String[] traceparent = TopicReader.headerValue(record, "traceparent").split("-");
            assertEquals(caller.split("-")[1], traceparent[1], "the caller's trace");
            assertFalse(traceparent[2].equals("00f067aa0ba902b7"), "a child of the caller's span: ingest's own");
            assertEquals(1, record.headers().toArray().length - 2, "one traceparent beside pb-request-id, pb-client-id");
        }
    }

    @Test
    void aMalformedTraceparentIsNotCarriedIntoKafka() {
        String requestId = given().auth().oauth2(ISSUER.token("cdc-test", "profiles:write"))
                .header("traceparent", "00-not-a-trace\r\nx-injected: 1").contentType(ContentType.JSON)
                .body(account(uid(), 1000)).post("/v1/profiles").then().statusCode(202).extract().path("requestId");

        ConsumerRecord<String, String> record = read("profiles.service", requestId, 1).get(0);
        String traceparent = TopicReader.headerValue(record, "traceparent");
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), "a new trace of ingest's, not the caller's text: "
                + traceparent);
    }

    static String account(String uid, long changedAt) {
        return account(uid, changedAt, "Ana");
    }

    static String account(String uid, long changedAt, String firstName) {
        return "{\"UID\":\"" + uid + "\",\"lastUpdatedTimestamp\":" + changedAt + ",\"profile\":{\"firstName\":\""
                + firstName + "\",\"email\":\"" + uid + "@example.com\"}}";
    }

    private static String uid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private ValidatableResponse post(Object contentType, String body) {
        return given().auth().oauth2(ISSUER.token("cdc-test", "profiles:write"))
                .contentType(contentType.toString()).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/v1/profiles").then();
    }

    private List<ConsumerRecord<String, String>> read(String topic, String requestId, int expected) {
        return TopicReader.read(bootstrap, topic, TopicReader.header(ProfileEventFields.REQUEST_ID_HEADER, requestId),
                expected, Duration.ofSeconds(30));
    }
}
