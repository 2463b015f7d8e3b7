package dev.profilebridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.stack.JavaProcess;
import dev.profilebridge.stack.ListenPorts;
import dev.profilebridge.stack.ProfileBridgeService;
import dev.profilebridge.stack.StackWiring;
import dev.profilebridge.stack.TokenServiceAdmin;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import dev.profilebridge.testsupport.Await;

/**
 * Two token-service processes on one PostgreSQL, as two replicas behind a Kubernetes Service: what the README says
 * holds across replicas (the brute-force throttle counts per process; disabling a client holds on every replica within
 * its notification's delivery, and rotating the signing key within the key refresh), shown with more than one process.
 */
class TokenServiceReplicasIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("repository.root"));
    private static final String ADMIN = "replicas-admin";
    private static final String ADMIN_SECRET = "replicas-admin-secret-0123456789";
    private static final int MAX_FAILURES_PER_ADDRESS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<JavaProcess> processes = new ArrayList<>();
    private static String first;
    private static String second;

    @BeforeAll
    static void startTwoReplicas() {
        int firstPort = ListenPorts.unused();
        int secondPort = ListenPorts.unused();
        first = "http://127.0.0.1:" + firstPort;
        second = "http://127.0.0.1:" + secondPort;
        JavaProcess one = start("first", firstPort);
        JavaProcess two = start("second", secondPort);
        one.awaitOk(first + "/q/health/ready", Duration.ofMinutes(2));
        two.awaitOk(second + "/q/health/ready", Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopReplicas() throws InterruptedException {
        for (JavaProcess process : processes) {
            process.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void theThrottleCountsPerReplicaAndLocksOutNoRealClientOnEither() throws Exception {
        String secret = admin(first).registerClient("replicas-throttled-cdc", "profiles:write");
        for (int guess = 0; guess < MAX_FAILURES_PER_ADDRESS; guess++) {
            assertEquals(401, tokenRequest(first, "made-up-" + guess, "wrong-secret").statusCode(), "guess " + guess);
        }
        assertEquals(429, tokenRequest(first, "made-up-last", "wrong-secret").statusCode(),
                "the first replica locked this address");
        assertEquals(401, tokenRequest(second, "made-up-last", "wrong-secret").statusCode(),
                "the second replica counts its own failures: N replicas allow N times each limit, as documented");
        assertEquals(200, tokenRequest(first, "replicas-throttled-cdc", secret).statusCode(),
                "the real client gets its verification turn on the replica that locked its address");
        assertEquals(200, tokenRequest(second, "replicas-throttled-cdc", secret).statusCode());
    }

    @Test
    void aClientDisabledThroughOneReplicaGetsNoTokenFromTheOther() throws Exception {
        String secret = admin(first).registerClient("replicas-disabled-cdc", "profiles:write");
        assertEquals(200, tokenRequest(second, "replicas-disabled-cdc", secret).statusCode(),
                "verified once by the second replica, which caches that verification");
        assertEquals(200, tokenRequest(second, "replicas-disabled-cdc", secret).statusCode(),
                "answered from the cached verification, without reading the client's row");
        HttpResponse<String> disabled = HTTP.send(HttpRequest.newBuilder(
                URI.create(first + "/admin/clients/replicas-disabled-cdc/disable"))
                .header("Authorization", "Bearer " + adminToken(first)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, disabled.statusCode(), disabled.body());

        // The other replica serves its cached verification without reading PostgreSQL until the change's
        // notification reaches it (milliseconds): two seconds leave room for a loaded machine, not for a poll.
        Await.until(Duration.ofSeconds(2), () -> answered(() -> tokenRequest(second, "replicas-disabled-cdc", secret)
                .statusCode() != 200));
        HttpResponse<String> refused = tokenRequest(second, "replicas-disabled-cdc", secret);
        assertEquals(400, refused.statusCode(), "the other replica refuses within the notification's delivery");
        assertEquals("unauthorized_client", JSON.readTree(refused.body()).path("error").asText());
        Await.until(Duration.ofSeconds(30), () -> answered(() -> revocations(second).path("notBefore")
                .has("replicas-disabled-cdc")));
    }

    @Test
    void aKeyRetiredThroughOneReplicaSignsNoTokenOnTheOther() throws Exception {
        String secret = admin(first).registerClient("replicas-rotated-cdc", "profiles:write");
        String before = kid(token(second, "replicas-rotated-cdc", secret));
        HttpResponse<String> rotated = HTTP.send(HttpRequest.newBuilder(
                URI.create(first + "/admin/keys/rotate?retireCurrent=true"))
                .header("Authorization", "Bearer " + adminToken(first)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, rotated.statusCode(), rotated.body());
        String active = JSON.readTree(rotated.body()).path("activeKid").asText();
        assertNotEquals(before, active);

        // The other replica re-reads the keys every refresh interval (1 s here) and signs with the new key from then.
        Await.until(Duration.ofSeconds(30), () -> answered(() -> active.equals(kid(token(second, "replicas-rotated-cdc",
                secret)))));
        Await.until(Duration.ofSeconds(30), () -> answered(() -> revocations(second).path("revokedKeys").toString()
                .contains('"' + before + '"')));
    }

    private static JavaProcess start(String name, int port) {
        StackWiring.Database database = new StackWiring.Database("127.0.0.1", EmbeddedPostgresServer.port(),
                EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
        Map<String, String> env = new HashMap<>(StackWiring.infrastructure("unused:9092", database));
        env.remove("PB_KAFKA_BOOTSTRAP_SERVERS");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Both sign as the one issuer callers know (the Service's URL in a cluster).
        env.put("PB_TOKEN_ISSUER", "http://token-service.replicas.test");
        // ProfileFlowIT's token-service shares this database and its signing keys, encrypted with this key.
        env.put("PB_TOKEN_KEY_ENCRYPTION_KEY", "ZTJlLW9ubHkta2V5LWVuY3J5cHRpb24ta2V5LTMyYnk=");
        env.put("PB_BOOTSTRAP_ADMIN_CLIENT_ID", ADMIN);
        env.put("PB_BOOTSTRAP_ADMIN_CLIENT_SECRET", ADMIN_SECRET);
        env.put("TOKEN_SERVICE_THROTTLE_MAX_FAILURES_PER_ADDRESS", Integer.toString(MAX_FAILURES_PER_ADDRESS));
        env.put("TOKEN_SERVICE_KEYS_REFRESH_INTERVAL", "1s");
        JavaProcess process = JavaProcess.jar("token-service-" + name, ProfileBridgeService.TOKEN_SERVICE.jar(REPOSITORY),
                env, Path.of("target", "token-replicas-logs", "token-service-" + name + ".log"));
        processes.add(process);
        return process;
    }

    private static TokenServiceAdmin admin(String url) {
        return new TokenServiceAdmin(url, ADMIN, ADMIN_SECRET);
    }

    private static String adminToken(String url) throws IOException, InterruptedException {
        return token(url, ADMIN, ADMIN_SECRET, "clients:admin");
    }

    private static String token(String url, String clientId, String secret) throws IOException, InterruptedException {
        return token(url, clientId, secret, "profiles:write");
    }

    private static String token(String url, String clientId, String secret, String scope)
            throws IOException, InterruptedException {
        HttpResponse<String> response = tokenRequest(url, clientId, secret, scope);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static HttpResponse<String> tokenRequest(String url, String clientId, String secret)
            throws IOException, InterruptedException {
        return tokenRequest(url, clientId, secret, "profiles:write");
    }

    private static HttpResponse<String> tokenRequest(String url, String clientId, String secret, String scope)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode revocations(String url) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/oauth/revocations"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A condition read over HTTP: an I/O failure is a test failure, not a reason to wait. */
    private static boolean answered(HttpCondition condition) {
        try {
            return condition.holds();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private interface HttpCondition {
        boolean holds() throws IOException, InterruptedException;
    }

    private static String kid(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.')))).path("kid").asText();
    }
}
