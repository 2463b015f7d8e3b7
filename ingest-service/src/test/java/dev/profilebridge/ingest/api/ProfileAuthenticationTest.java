package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class ProfileAuthenticationTest {

    private static final TokenIssuerFixture ISSUER = TokenIssuerFixture.shared();
    private static final String ACCOUNT = "{\"UID\":\"auth-test\",\"lastUpdatedTimestamp\":1}";

    @Test
    void aValidTokenWithTheScopeIsAccepted() {
        withToken(ISSUER.token("cdc", "profiles:write")).then().statusCode(202);
    }

    @Test
    void missingAndBadTokensAre401WithABearerChallenge() {
        expectInvalidToken(given().contentType(ContentType.JSON).body(ACCOUNT).post("/v1/profiles"));
        expectInvalidToken(withToken("garbage"));
        expectInvalidToken(withToken(ISSUER.token("cdc", "profiles:write",
                claims -> claims.setExpirationTimeMinutesInTheFuture(-5))));
        expectInvalidToken(withToken(ISSUER.tokenFromUnknownKey("cdc", "profiles:write")));
        expectInvalidToken(withToken(ISSUER.unsignedToken("cdc", "profiles:write")));
        expectInvalidToken(withToken(ISSUER.token("cdc", "profiles:write", claims -> claims.setAudience("someone-else"))));
        expectInvalidToken(withToken(ISSUER.token("cdc", "profiles:write", claims -> claims.setIssuer("http://evil"))));
    }

    @Test
    void aVerifiedTokenIsRememberedButStopsWorkingWhenItExpires() throws InterruptedException {
        String shortLived = ISSUER.token("cdc", "profiles:write", claims -> claims.setExpirationTimeMinutesInTheFuture(0.02f));
        withToken(shortLived).then().statusCode(202);
        withToken(shortLived).then().statusCode(202);
        Thread.sleep(7_500); // past its expiry and the 5 s of allowed clock skew
        expectInvalidToken(withToken(shortLived));
    }

    @Test
    void aTokenWithoutTheScopeIs403() {
        withToken(ISSUER.token("operator", "dlq:operate")).then().statusCode(403)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("insufficient_scope"));
    }

    @Test
    void aKeyRotatedAtTokenServiceIsPickedUpFromTheJwks() {
        withToken(ISSUER.token("cdc", "profiles:write")).then().statusCode(202);
        ISSUER.rotate();
        withToken(ISSUER.token("cdc", "profiles:write")).then().statusCode(202);
    }

    private static io.restassured.response.Response withToken(String token) {
        RequestSpecification request = given().auth().oauth2(token).contentType(ContentType.JSON).body(ACCOUNT);
        return request.post("/v1/profiles");
    }

    private static void expectInvalidToken(io.restassured.response.Response response) {
        response.then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
    }
}
