package dev.profilebridge.token.api;

import static dev.profilebridge.token.api.TokenServiceClient.admin;
import static dev.profilebridge.token.api.TokenServiceClient.register;
import static dev.profilebridge.token.api.TokenServiceClient.token;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.keys.SigningKeys;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;

/** New keys are published before they sign; an emergency rotation takes the old key out of service at once. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class KeyPublicationTest {

    @Inject
    SigningKeys keys;
    @Inject
    TokenServiceConfig config;

    /** Tests that maintain the keys at a later date leave them as of that date: back to the present for the next. */
    @AfterEach
    void backToThePresent() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> keys.maintainAt(Instant.now()));
    }

    @Test
    void aNewKeyIsPublishedForThePublishAheadPeriodBeforeItSigns() throws Throwable {
        TokenServiceClient.Registered cdc = register("profiles:write");
        String signing = kid(token(cdc.clientId(), cdc.secret()));

        JsonPath rotated = admin().post("/admin/keys/rotate").then().statusCode(200).extract().jsonPath();
        String pending = rotated.getString("pendingKid");
        Instant activatesAt = Instant.parse(rotated.getString("pendingActivatesAt"));

        assertNotEquals(signing, pending);
        assertTrue(published().contains(pending), "the new key is in the JWKS at once");
        assertFalse(activatesAt.isBefore(Instant.now().plus(config.keys().publishAhead()).minusSeconds(60)),
                "it signs only after the publish-ahead period: " + activatesAt);
        assertEquals(signing, kid(token(cdc.clientId(), cdc.secret())), "the new key does not sign yet");

        VertxContextSupport.subscribeAndAwait(() -> keys.maintainAt(activatesAt));
        assertEquals(pending, kid(token(cdc.clientId(), cdc.secret())), "once published long enough, it signs");
        assertTrue(published().contains(signing), "the key before stays published while its tokens live");
    }

    @Test
    void anEmergencyRotationRetiresTheSigningKeyAtOnce() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        String adminToken = TokenServiceClient.adminToken();
        String compromised = kid(token(cdc.clientId(), cdc.secret()));

        String replacement = admin().post("/admin/keys/rotate?retireCurrent=true").then().statusCode(200)
                .extract().path("activeKid");

        assertNotEquals(compromised, replacement);
        assertFalse(published().contains(compromised), "the retired key left the JWKS");
        List<String> revoked = given().get("/oauth/revocations").then().statusCode(200).extract().path("revokedKeys");
        assertTrue(revoked.contains(compromised), "verifiers that cached it learn that it is revoked: " + revoked);
        assertEquals(replacement, kid(token(cdc.clientId(), cdc.secret())), "the replacement signs at once");
        given().auth().oauth2(adminToken).get("/admin/clients").then().statusCode(401);
    }

    @Test
    void anEmergencyRotationNeedsTheAdminScope() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        given().auth().oauth2(token(cdc.clientId(), cdc.secret())).post("/admin/keys/rotate?retireCurrent=true")
                .then().statusCode(403);
    }

    private static List<String> published() {
        return given().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
    }

    private static String kid(String token) throws java.text.ParseException {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }
}
