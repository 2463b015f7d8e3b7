package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * When token-service's revocation list cannot be fetched, the last one stays in force for the maximum staleness;
 * then ingest fails closed (every token refused, readiness DOWN) until a list arrives again.
 */
@QuarkusTest
@TestProfile(RevocationListOutageTest.ShortStaleness.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class RevocationListOutageTest {

    public static class ShortStaleness implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("token-revocations.max-staleness", "3s");
        }
    }

    private static final TokenIssuerFixture ISSUER = TokenIssuerFixture.shared();
    private static final String ACCOUNT = "{\"UID\":\"revocation-outage\",\"lastUpdatedTimestamp\":1}";

    @Test
    void anUnreachableRevocationListFailsClosedAfterTheMaximumStalenessAndRecovers() {
        String token = ISSUER.token("cdc-" + UUID.randomUUID(), "profiles:write");
        post(token).then().statusCode(202);
        try {
            ISSUER.revocationsUnavailable(true);
            Await.until(Duration.ofSeconds(30), () -> post(token).statusCode() == 401);
            post(token).then().statusCode(401).contentType("application/problem+json")
                    .body("detail", containsString("revocations could not be checked"));
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("token revocation list"));
        } finally {
            ISSUER.revocationsUnavailable(false);
        }
        Await.until(Duration.ofSeconds(30), () -> post(token).statusCode() == 202);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static io.restassured.response.Response post(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(ACCOUNT).post("/v1/profiles");
    }
}
