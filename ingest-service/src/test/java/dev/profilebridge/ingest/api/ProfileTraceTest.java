package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** "Where is profile X", ingest's part: each accepted version with its request id and client, behind dlq:operate. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class ProfileTraceTest {

    private static final TokenIssuerFixture ISSUER = TokenIssuerFixture.shared();

    @Test
    void eachAcceptedVersionIsAnsweredWithItsRequestAndClientOnEveryRoute() {
        String uid = UUID.randomUUID().toString().replace("-", "");
        String first = post(uid, 1732441200000L);
        String second = post(uid, 1732441260000L);

        JsonPath trace = given().auth().oauth2(ISSUER.token("operator", "dlq:operate")).get("/ops/profiles/" + uid)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(uid, trace.getString("uid"));
        assertEquals(4, trace.getList("accepted").size(), "two versions on two routes");
        assertEquals(List.of(first, second), trace.getList("accepted.findAll { it.topic == 'profiles.marketing' }.requestId"));
        assertEquals(List.of("2024-11-24T09:40:00Z", "2024-11-24T09:41:00Z"),
                trace.getList("accepted.findAll { it.topic == 'profiles.service' }.changedAt"));
        assertEquals(List.of("cdc-trace", "cdc-trace", "cdc-trace", "cdc-trace"), trace.getList("accepted.clientId"));

        assertEquals(0, given().auth().oauth2(ISSUER.token("operator", "dlq:operate"))
                .get("/ops/profiles/" + uid + "?since=2099-01-01T00:00:00Z").jsonPath().getList("accepted").size(),
                "nothing accepted after the given time");
    }

    @Test
    void theTraceNeedsTheOperatorsScopeAndAnInstant() {
        given().get("/ops/profiles/anyone").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(ISSUER.token("cdc-trace", "profiles:write")).get("/ops/profiles/anyone").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(ISSUER.token("operator", "dlq:operate")).get("/ops/profiles/anyone?since=yesterday")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static String post(String uid, long changedAtMillis) {
        return given().auth().oauth2(ISSUER.token("cdc-trace", "profiles:write")).contentType(ContentType.JSON)
                .body(("{\"UID\":\"" + uid + "\",\"lastUpdatedTimestamp\":" + changedAtMillis
                        + ",\"profile\":{\"firstName\":\"Tracy\",\"email\":\"tracy@example.com\"}}")
                        .getBytes(StandardCharsets.UTF_8))
                .post("/v1/profiles").then().statusCode(202).extract().path("requestId");
    }
}
