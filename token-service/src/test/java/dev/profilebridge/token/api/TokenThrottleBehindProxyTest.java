package dev.profilebridge.token.api;

import static dev.profilebridge.token.api.TokenServiceClient.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The brute-force throttle as the chart's Ingress sees it: every request comes from one peer (127.0.0.1, configured
 * here as a trusted proxy), and the caller's own address, where there is one, is in X-Forwarded-For.
 */
@QuarkusTest
@TestProfile(TokenThrottleBehindProxyTest.BehindAProxy.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class TokenThrottleBehindProxyTest {

    static final int PER_ADDRESS = 3;
    static final int PER_CLIENT = 5;
    static final Duration LOCKED_VERIFICATION_INTERVAL = Duration.ofSeconds(2);

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("token-service.throttle.trusted-proxies", "127.0.0.1,10.0.0.0/8",
                    "token-service.throttle.max-failures-per-address", String.valueOf(PER_ADDRESS),
                    "token-service.throttle.max-failures-per-client", String.valueOf(PER_CLIENT),
                    "token-service.throttle.locked-verification-interval", LOCKED_VERIFICATION_INTERVAL.toSeconds() + "s");
        }
    }

    @Test
    void fortyGuessesWithMadeUpClientIdsFromOneAddressDoNotKeepARealClientFromItsFirstToken() {
        String address = "203.0.113.1";
        for (int i = 0; i < 40; i++) {
            int status = guess("made-up-" + UUID.randomUUID(), address).statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
        }
        guess("made-up-" + UUID.randomUUID(), address).then().statusCode(429);

        // Never verified before on this replica: not in the verified cache.
        TokenServiceClient.Registered cdc = register("profiles:write");
        tokenRequest(cdc, address).post("/oauth/token").then().statusCode(200).body("token_type", equalTo("Bearer"));
        // Nor does the peer's own address, which every caller behind the proxy shares, get locked.
        TokenServiceClient.Registered other = register("profiles:write");
        tokenRequest(other, null).post("/oauth/token").then().statusCode(200);
    }

    @Test
    void theRightMostUntrustedForwardedAddressIsTheCallersAndTheLeftEntriesAreIgnored() {
        String caller = "203.0.113.2";
        for (int i = 0; i < PER_ADDRESS; i++) {
            // The caller writes the left entries itself; 10.1.2.3 is a trusted proxy between it and the Ingress.
            guess("made-up-" + UUID.randomUUID(), "198.51.100." + i + ", " + caller + ", 10.1.2.3")
                    .then().statusCode(401);
        }
        guess("made-up-" + UUID.randomUUID(), "198.51.100.99, " + caller + ", 10.1.2.3").then().statusCode(429);
        guess("made-up-" + UUID.randomUUID(), caller).then().statusCode(429);
        // Neither the spoofed addresses nor the proxies' were locked.
        guess("made-up-" + UUID.randomUUID(), "198.51.100.0").then().statusCode(401);
        guess("made-up-" + UUID.randomUUID(), "203.0.113.3, 10.1.2.3").then().statusCode(401);
    }

    @Test
    void guessesLockAClientIdForGuessersButItsRightSecretStillGetsAToken() {
        TokenServiceClient.Registered cdc = register("profiles:write");
        for (int i = 0; i < PER_CLIENT; i++) {
            // Each guess from its own address, so only the client id's limit is reached.
            given().auth().preemptive().basic(cdc.clientId(), "guess-" + i)
                    .header("X-Forwarded-For", "192.0.2." + i)
                    .formParam("grant_type", "client_credentials").post("/oauth/token")
                    .then().statusCode(401);
        }
        // Locked: the next guess takes the one verification of the interval, the one after is refused unverified.
        given().auth().preemptive().basic(cdc.clientId(), "guess-turn")
                .header("X-Forwarded-For", "192.0.2.100")
                .formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(401);
        Response locked = given().auth().preemptive().basic(cdc.clientId(), "guess-next")
                .header("X-Forwarded-For", "192.0.2.101")
                .formParam("grant_type", "client_credentials").post("/oauth/token");
        assertEquals(429, locked.statusCode(), locked.asString());

        // The real client, never verified before, gets its token once a verification of its id is allowed again.
        long start = System.nanoTime();
        AtomicReference<Response> answer = new AtomicReference<>();
        Await.until(LOCKED_VERIFICATION_INTERVAL.multipliedBy(5), () -> {
            answer.set(tokenRequest(cdc, "198.51.100.200").post("/oauth/token"));
            return answer.get().statusCode() != 429;
        });
        assertEquals(200, answer.get().statusCode(), answer.get().asString());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(LOCKED_VERIFICATION_INTERVAL.multipliedBy(3)) < 0);
        // A guesser gets no more than that one verification per interval: right after, it is refused unverified.
        given().auth().preemptive().basic(cdc.clientId(), "guess-after")
                .header("X-Forwarded-For", "192.0.2.102")
                .formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(429);
    }

    private static Response guess(String clientId, String forwardedFor) {
        return given().auth().preemptive().basic(clientId, "not-the-secret")
                .header("X-Forwarded-For", forwardedFor)
                .formParam("grant_type", "client_credentials").post("/oauth/token");
    }

    private static RequestSpecification tokenRequest(TokenServiceClient.Registered client, String forwardedFor) {
        RequestSpecification request = given().auth().preemptive().basic(client.clientId(), client.secret())
                .formParam("grant_type", "client_credentials");
        return forwardedFor == null ? request : request.header("X-Forwarded-For", forwardedFor);
    }
}
