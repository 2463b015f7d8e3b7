package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Tokens revoked at token-service (a disabled client, a rotated secret, an emergency key rotation) stop working at
 * ingest within the stated bound: one poll of token-service's revocation document.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class TokenRevocationTest {

    private static final TokenIssuerFixture ISSUER = TokenIssuerFixture.shared();
    private static final String ACCOUNT = "{\"UID\":\"revocation-test\",\"lastUpdatedTimestamp\":1}";

    @ConfigProperty(name = "token-revocations.poll-interval", defaultValue = "10s")
    Duration pollInterval;

    @Test
    void aDisabledClientsTokenIsRefusedWithinOnePoll() {
        String clientId = "cdc-" + UUID.randomUUID();
        String token = ISSUER.token(clientId, "profiles:write");
        post(token).then().statusCode(202);

        ISSUER.revokeTokensOf(clientId, Instant.now());
        Response refused = refusedWithinBound(token);

        refused.then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("detail", containsString("revoked"));
        // The client, enabled again, gets a new token: that one is accepted.
        String renewed = ISSUER.token(clientId, "profiles:write",
                claims -> claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().getEpochSecond() + 1)));
        post(renewed).then().statusCode(202);
        // Other clients are not affected.
        post(ISSUER.token("cdc-" + UUID.randomUUID(), "profiles:write")).then().statusCode(202);
    }

    @Test
    void tokensOfAnEmergencyRetiredKeyAreRefusedEvenWhileTheJwksCacheHoldsTheKey() {
        String kid = ISSUER.activeKid();
        String token = ISSUER.token("cdc-" + UUID.randomUUID(), "profiles:write");
        post(token).then().statusCode(202);
        try {
            ISSUER.revokeKey(kid);
            refusedWithinBound(token).then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("status", equalTo(401))
                    .body("detail", containsString("revoked"));
        } finally {
            // The fixture's key serves the other tests: lift the revocation and wait until ingest has seen that.
            ISSUER.reinstateKey(kid);
            Await.until(Duration.ofSeconds(30), () -> post(token).statusCode() == 202);
        }
    }

    /** Polls until the token is refused; fails if that takes longer than the bound (a poll, plus time to answer). */
    private Response refusedWithinBound(String token) {
        Duration bound = pollInterval.multipliedBy(2).plusSeconds(5);
        Instant start = Instant.now();
        AtomicReference<Response> last = new AtomicReference<>();
        Await.until(bound.plusSeconds(10), () -> {
            last.set(post(token));
            return last.get().statusCode() != 202;
        });
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(bound) <= 0, "refused after " + took + ", bound " + bound);
        return last.get();
    }

    private static Response post(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(ACCOUNT).post("/v1/profiles");
    }
}
