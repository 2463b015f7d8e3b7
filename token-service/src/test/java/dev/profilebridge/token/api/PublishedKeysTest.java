package dev.profilebridge.token.api;

import static dev.profilebridge.token.api.TokenServiceClient.admin;
import static dev.profilebridge.token.api.TokenServiceClient.register;
import static dev.profilebridge.token.api.TokenServiceClient.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.token.keys.SigningKeys;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Our tokens, checked by an independent library (Nimbus JOSE + JWT) against nothing but the published JWKS. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class PublishedKeysTest {

    @Inject
    SigningKeys keys;

    /** Tests that maintain the keys at a later date leave them as of that date: back to the present for the next. */
    @AfterEach
    void backToThePresent() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> keys.maintainAt(Instant.now()));
    }

    @Test
    void aTokenVerifiesAgainstThePublishedJwksWithAnIndependentLibrary() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        SignedJWT jwt = SignedJWT.parse(token(cdc.clientId(), cdc.secret()));

        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        assertTrue(verifiesAgainstPublishedKeys(jwt));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("http://localhost:8081", claims.getIssuer());
        assertEquals(List.of("profile-bridge"), claims.getAudience());
        assertEquals(cdc.clientId(), claims.getSubject());
        assertEquals("profiles:write", claims.getStringClaim("scope"));
        assertNotNull(claims.getJWTID());
        assertEquals(Duration.ofHours(1),
                Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()));
    }

    @Test
    void aTamperedTokenDoesNotVerify() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        String[] parts = token(cdc.clientId(), cdc.secret()).split("\\.");
        String forgedClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"someone-else\",\"scope\":\"clients:admin\"}".getBytes());
        assertFalse(verifiesAgainstPublishedKeys(SignedJWT.parse(parts[0] + "." + forgedClaims + "." + parts[2])));
    }

    @Test
    void discoveryDocumentPointsAtTheEndpoints() {
        given().when().get("/.well-known/openid-configuration")
                .then().statusCode(200)
                .body("issuer", equalTo("http://localhost:8081"))
                .body("token_endpoint", equalTo("http://localhost:8081/oauth/token"))
                .body("jwks_uri", equalTo("http://localhost:8081/.well-known/jwks.json"))
                .body("grant_types_supported", hasItem("client_credentials"))
                .body("token_endpoint_auth_methods_supported", hasItem("client_secret_basic"))
                .body("token_endpoint_auth_methods_supported", hasItem("client_secret_post"))
                .body("id_token_signing_alg_values_supported", hasItem("ES256"));
    }

    @Test
    void aRotatedKeyStaysPublishedUntilItsTokensExpireThenLeaves() throws Throwable {
        TokenServiceClient.Registered cdc = register("profiles:write");
        SignedJWT before = SignedJWT.parse(token(cdc.clientId(), cdc.secret()));

        io.restassured.path.json.JsonPath rotated = admin().post("/admin/keys/rotate").then().statusCode(200)
                .extract().jsonPath();
        String newKid = rotated.getString("pendingKid");
        // The new key signs once published for the publish-ahead period (KeyPublicationTest).
        Instant activation = Instant.parse(rotated.getString("pendingActivatesAt"));
        VertxContextSupport.subscribeAndAwait(() -> keys.maintainAt(activation));
        SignedJWT after = SignedJWT.parse(token(cdc.clientId(), cdc.secret()));

        assertNotEquals(before.getHeader().getKeyID(), newKid);
        assertEquals(newKid, after.getHeader().getKeyID());
        assertTrue(verifiesAgainstPublishedKeys(before), "the old key must stay published while its tokens live");
        assertTrue(verifiesAgainstPublishedKeys(after));

        // Once every token the old key signed has expired (max lifetime plus one refresh interval), it leaves.
        Instant afterExpiry = activation.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(2));
        VertxContextSupport.subscribeAndAwait(() -> keys.maintainAt(afterExpiry));
        List<String> published = given().get("/.well-known/jwks.json").then().extract().path("keys.kid");
        assertFalse(published.contains(before.getHeader().getKeyID()), published.toString());
        assertFalse(verifiesAgainstPublishedKeys(before));
        assertTrue(verifiesAgainstPublishedKeys(after));
    }

    @Test
    void keyRotationNeedsTheAdminScope() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        given().auth().oauth2(token(cdc.clientId(), cdc.secret())).post("/admin/keys/rotate")
                .then().statusCode(403);
    }

    private static boolean verifiesAgainstPublishedKeys(SignedJWT jwt) throws ParseException, JOSEException {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        ECKey key = (ECKey) JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        return jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(key));
    }

    @Test
    void publishedKeysHoldNoPrivatePart() {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        assertFalse(jwks.contains("\"d\""), jwks);
        assertTrue(jwks.contains("\"kid\""), jwks);
    }
}
