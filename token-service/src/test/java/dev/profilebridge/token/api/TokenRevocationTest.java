package dev.profilebridge.token.api;

import static dev.profilebridge.token.api.TokenServiceClient.admin;
import static dev.profilebridge.token.api.TokenServiceClient.register;
import static dev.profilebridge.token.api.TokenServiceClient.token;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import dev.profilebridge.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The revocation document verifiers poll: which clients' earlier tokens no longer count. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class TokenRevocationTest {

    @Test
    void aDisabledClientsTokensAreRevokedAndItsTokensAfterReEnablingAreNot() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        long issuedBefore = issuedAt(token(cdc.clientId(), cdc.secret()));
        assertFalse(notBefore().containsKey(cdc.clientId()));

        admin().post("/admin/clients/" + cdc.clientId() + "/disable").then().statusCode(200);
        Number notBefore = notBefore().get(cdc.clientId());
        assertNotNull(notBefore, "a disabled client is listed");
        assertTrue(issuedBefore < notBefore.longValue(), "its tokens are revoked");

        admin().post("/admin/clients/" + cdc.clientId() + "/enable").then().statusCode(200);
        long issuedAfter = issuedAt(token(cdc.clientId(), cdc.secret()));
        assertTrue(issuedAfter >= notBefore.longValue(), "a token issued after enabling again is not revoked");
    }

    @Test
    void aSecretRotatedWithoutGraceRevokesTheClientsTokensAtOnce() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        long issued = issuedAt(token(cdc.clientId(), cdc.secret()));

        admin().contentType(ContentType.JSON).body(Map.of("gracePeriodSeconds", 0))
                .post("/admin/clients/" + cdc.clientId() + "/secrets").then().statusCode(201);

        Number notBefore = notBefore().get(cdc.clientId());
        assertNotNull(notBefore);
        assertTrue(issued < notBefore.longValue());
    }

    @Test
    void withAGracePeriodTheOldSecretsTokensLastNoLongerThanTheSecretAndAreRevokedWhenItEnds() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        admin().contentType(ContentType.JSON).body(Map.of("gracePeriodSeconds", 600))
                .post("/admin/clients/" + cdc.clientId() + "/secrets").then().statusCode(201);
        Instant graceEnd = Instant.now().plusSeconds(600);

        assertFalse(notBefore().containsKey(cdc.clientId()), "the old secret still works during the grace period");
        SignedJWT duringGrace = SignedJWT.parse(token(cdc.clientId(), cdc.secret()));
        assertFalse(duringGrace.getJWTClaimsSet().getExpirationTime().toInstant().isAfter(graceEnd.plusSeconds(1)),
                "a token from the old secret outlives the secret");
    }

    @Test
    void theDiscoveryDocumentPointsAtTheRevocationDocument() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("revocations_uri", org.hamcrest.Matchers.equalTo("http://localhost:8081/oauth/revocations"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Number> notBefore() {
        return given().get("/oauth/revocations").then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("no-store"))
                .extract().jsonPath().getMap("notBefore");
    }

    private static long issuedAt(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getIssueTime().toInstant().getEpochSecond();
    }
}
