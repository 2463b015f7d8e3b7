package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
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
    void aVerifiedTokenIsRememberedButStopsWorkingWhenItExpires() {
        // Long enough for both requests below on a loaded machine; short enough to wait for its expiry.
        NumericDate expiry = NumericDate.now();
        expiry.addSeconds(15);
        String shortLived = ISSUER.token("cdc", "profiles:write", claims -> claims.setExpirationTime(expiry));
        withToken(shortLived).then().statusCode(202);
        withToken(shortLived).then().statusCode(202);
        // Refused once past its expiry and the 5 s of allowed clock skew (mp.jwt.verify.clock.skew).
        AtomicReference<io.restassured.response.Response> expired = new AtomicReference<>();
        Await.until(Duration.ofSeconds(60), () -> {
            expired.set(withToken(shortLived));
            return expired.get().statusCode() != 202;
        });
        expectInvalidToken(expired.get());
    }

    @Test
    void aTokenWithoutTheScopeIs403() {
        withToken(ISSUER.token("operator", "dlq:operate")).then().statusCode(403)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("insufficient_scope"));
    }

    @Test
    void aKeyRotatedAtTokenServiceIsPickedUpFromTheJwks() throws InterruptedException {
        withToken(ISSUER.token("cdc", "profiles:write")).then().statusCode(202);
        // An unknown kid makes smallrye-jwt refetch the JWKS (once a minute at most), but jose4j skips a refetch
        // within 300 ms of its last fetch, which may have been for the request above: then the new key stays
        // unknown for a minute. Let that window pass; a slower machine only makes the gap longer.
        Thread.sleep(1_000);
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
