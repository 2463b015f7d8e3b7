package dev.profilebridge.token.api;

import static dev.profilebridge.token.api.TokenServiceClient.admin;
import static dev.profilebridge.token.api.TokenServiceClient.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.ChunkedRequest;
import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class TokenEndpointTest {

    @TestHTTPResource("/oauth/token")
    URI tokenEndpoint;

    @Test
    void clientSecretBasicWithFormGrant() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        given().auth().preemptive().basic(cdc.clientId(), cdc.secret())
                .formParam("grant_type", "client_credentials")
                .when().post("/oauth/token")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .contentType(ContentType.JSON)
                .body("token_type", equalTo("Bearer"))
                .body("access_token", notNullValue())
                .body("expires_in", allOf(greaterThan(3500), lessThanOrEqualTo(3600)))
                .body("scope", equalTo("profiles:write"));
    }

    @Test
    void credentialsInTheFormBodyGetATokenAsWithBasic() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", cdc.clientId())
                .formParam("client_secret", cdc.secret())
                .when().post("/oauth/token")
                .then().statusCode(200)
                .body("scope", equalTo("profiles:write"));
    }

    @Test
    void grantTypeInTheQueryStringAsCpiTakesIt() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        given().auth().preemptive().basic(cdc.clientId(), cdc.secret())
                .when().post("/oauth/token?grant_type=client_credentials")
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"));
    }

    @Test
    void theCdcTokenStepSendsTheRecordAsJsonAndNoGrantType() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        given().auth().preemptive().basic(cdc.clientId(), cdc.secret())
                .contentType(ContentType.JSON)
                .body("{\"UID\":\"8f3c\",\"profile\":{\"firstName\":\"Zoë\"},\"lastUpdatedTimestamp\":1732441200000}")
                .when().post("/oauth/token")
                .then().statusCode(200)
                .body("scope", equalTo("profiles:write"));
    }

    @Test
    void scopeNarrowsTheClientsScopes() {
        TokenServiceClient.Registered operator = register("profiles:write", "dlq:operate");
        tokenRequest(operator).formParam("scope", "dlq:operate")
                .when().post("/oauth/token")
                .then().statusCode(200).body("scope", equalTo("dlq:operate"));
        tokenRequest(operator)
                .when().post("/oauth/token")
                .then().statusCode(200).body("scope", equalTo("dlq:operate profiles:write"));
    }

    @Test
    void aRepeatedRequestReusesTheJustIssuedTokenAndANewScopeGetsItsOwn() {
        TokenServiceClient.Registered operator = register("profiles:write", "dlq:operate");
        String first = tokenRequest(operator).when().post("/oauth/token").then().extract().path("access_token");
        String again = tokenRequest(operator).when().post("/oauth/token").then().extract().path("access_token");
        String narrowed = tokenRequest(operator).formParam("scope", "dlq:operate")
                .when().post("/oauth/token").then().extract().path("access_token");
        assertEquals(first, again);
        assertNotEquals(first, narrowed);
    }

    @Test
    void wrongSecretAndUnknownClientAreInvalidClientWithABasicChallenge() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        expectError(given().auth().preemptive().basic(cdc.clientId(), "wrong")
                .formParam("grant_type", "client_credentials").post("/oauth/token"), 401, "invalid_client")
                .header("WWW-Authenticate", containsString("Basic"));
        expectError(given().auth().preemptive().basic("nobody-" + cdc.clientId(), cdc.secret())
                .formParam("grant_type", "client_credentials").post("/oauth/token"), 401, "invalid_client");
        expectError(given().formParam("grant_type", "client_credentials").post("/oauth/token"), 401,
                "invalid_client");
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        expectError(given().header("Authorization", "Basic %%%")
                .formParam("grant_type", "client_credentials").post("/oauth/token"), 400, "invalid_request");
        expectError(given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))
                .formParam("grant_type", "client_credentials").post("/oauth/token"), 400, "invalid_request");
        // empty body, no grant type anywhere
        expectError(given().auth().preemptive().basic(cdc.clientId(), cdc.secret()).post("/oauth/token"), 400,
                "invalid_request");
        // both client authentication methods at once
        expectError(tokenRequest(cdc).formParam("client_id", cdc.clientId())
                .formParam("client_secret", cdc.secret()).post("/oauth/token"), 400, "invalid_request");
    }

    @Test
    void unknownGrantIsUnsupportedGrantType() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        expectError(given().auth().preemptive().basic(cdc.clientId(), cdc.secret())
                .formParam("grant_type", "password").formParam("username", "u").formParam("password", "p")
                .post("/oauth/token"), 400, "unsupported_grant_type");
    }

    @Test
    void scopesOutsideTheClientsAreInvalidScope() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        expectError(tokenRequest(cdc).formParam("scope", "clients:admin").post("/oauth/token"), 400,
                "invalid_scope");
        expectError(tokenRequest(cdc).formParam("scope", "no:such-scope").post("/oauth/token"), 400,
                "invalid_scope");
    }

    @Test
    void aDisabledClientIsUnauthorizedAndCanBeEnabledAgain() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        tokenRequest(cdc).post("/oauth/token").then().statusCode(200);
        admin().post("/admin/clients/" + cdc.clientId() + "/disable").then().statusCode(200)
                .body("enabled", equalTo(false));
        expectError(tokenRequest(cdc).post("/oauth/token"), 400, "unauthorized_client");
        admin().post("/admin/clients/" + cdc.clientId() + "/enable").then().statusCode(200);
        tokenRequest(cdc).post("/oauth/token").then().statusCode(200);
    }

    @Test
    void aRotatedSecretKeepsTheOldOneValidForTheGracePeriodOnly() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        tokenRequest(cdc).post("/oauth/token").then().statusCode(200);
        // Long enough that the two requests below fit in it on a loaded machine (a slow hash and a database each).
        int gracePeriodSeconds = 15;
        String newSecret = admin().contentType(ContentType.JSON).body(Map.of("gracePeriodSeconds", gracePeriodSeconds))
                .post("/admin/clients/" + cdc.clientId() + "/secrets")
                .then().statusCode(201)
                .body("client.secrets.size()", equalTo(2))
                .extract().path("clientSecret");
        assertNotEquals(cdc.secret(), newSecret);
        TokenServiceClient.Registered rotated = new TokenServiceClient.Registered(cdc.clientId(), newSecret);

        tokenRequest(cdc).post("/oauth/token").then().statusCode(200);
        tokenRequest(rotated).post("/oauth/token").then().statusCode(200);
        // Once the grace period is over, the old secret is refused. Until then a verified credential is answered
        // from the authenticator's cache, so asking again is cheap and no failure counts towards the throttle.
        AtomicReference<io.restassured.response.Response> afterGrace = new AtomicReference<>();
        Await.until(Duration.ofSeconds(gracePeriodSeconds + 30), () -> {
            afterGrace.set(tokenRequest(cdc).post("/oauth/token"));
            return afterGrace.get().statusCode() != 200;
        });
        expectError(afterGrace.get(), 401, "invalid_client");
        tokenRequest(rotated).post("/oauth/token").then().statusCode(200);
    }

    @Test
    void repeatedFailuresOfOneClientIdAreThrottledWithRetryAfter() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        tokenRequest(cdc).post("/oauth/token").then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            expectError(given().auth().preemptive().basic(cdc.clientId(), "guess-" + i)
                    .formParam("grant_type", "client_credentials").post("/oauth/token"), 401, "invalid_client");
        }
        // Locked: one verification per interval (token-service.throttle.locked-verification-interval), then 429.
        expectError(given().auth().preemptive().basic(cdc.clientId(), "guess-5")
                .formParam("grant_type", "client_credentials").post("/oauth/token"), 401, "invalid_client");
        expectError(given().auth().preemptive().basic(cdc.clientId(), "guess-6")
                .formParam("grant_type", "client_credentials").post("/oauth/token"), 429, "invalid_client")
                .header("Retry-After", notNullValue());
        // The real client, whose secret was verified just before, is not locked out by the attack.
        tokenRequest(cdc).post("/oauth/token").then().statusCode(200);
    }

    @Test
    void aFiveMegabyteBodyIsRefusedWithAnOAuthError() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        byte[] body = new byte[5 * 1024 * 1024];
        Arrays.fill(body, (byte) 'a');
        body[0] = '{';
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(tokenEndpoint)
                .header("Authorization", basic(cdc))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals("invalid_request", new io.vertx.core.json.JsonObject(response.body()).getString("error"));
    }

    @Test
    void aNineMegabyteChunkedBodyIsRefusedAndASmallChunkedOneStillGetsAToken() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        String answer = ChunkedRequest.post(tokenEndpoint, Map.of("Authorization", basic(cdc),
                "Content-Type", "application/json"), 9 * 1024 * 1024);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);

        // ofInputStream has no known length: the JDK client streams it (chunked, or an HTTP/2 stream).
        HttpResponse<String> small = HttpClient.newHttpClient().send(HttpRequest.newBuilder(tokenEndpoint)
                .header("Authorization", basic(cdc))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, small.statusCode(), small.body());
    }

    @Test
    void twoHundredParallelRequestsAllGetATokenFromOneSlowHash() throws Exception {
        TokenServiceClient.Registered cdc = register("profiles:write");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint + "?grant_type=client_credentials"))
                .header("Authorization", basic(cdc))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 200)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(90, java.util.concurrent.TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertEquals(200, response.get().statusCode(), response.get().body());
            assertEquals("Bearer", new io.vertx.core.json.JsonObject(response.get().body()).getString("token_type"));
        }
    }

    @Test
    void noErrorAnswerCarriesAStackTrace() {
        given().auth().preemptive().basic("x", "y").contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&%%%=")
                .post("/oauth/token")
                .then().body(not(containsString("at dev.profilebridge")))
                .body(not(containsString("Exception")));
    }

    private static io.restassured.specification.RequestSpecification tokenRequest(TokenServiceClient.Registered client) {
        return given().auth().preemptive().basic(client.clientId(), client.secret())
                .formParam("grant_type", "client_credentials");
    }

    private static ValidatableResponse expectError(io.restassured.response.Response response, int status, String error) {
        return response.then().statusCode(status)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error))
                .body("error_description", notNullValue());
    }

    private static String basic(TokenServiceClient.Registered client) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (client.clientId() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
    }
}
