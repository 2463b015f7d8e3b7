package dev.profilebridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What tests that share one sandbox rely on: faults asked for one after the other are all played, in order, and
 * counts can be started over, so that no test reads what an earlier one left.
 */
class SharedSandboxDeterminismTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MarketingCloudSandbox sandbox = MarketingCloudSandbox.start(0, "COMM_USER", "secret");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString("COMM_USER:secret".getBytes(StandardCharsets.UTF_8));

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void faultsAskedForOneAfterTheOtherAreQueuedNotOverwritten() throws Exception {
        sandbox.failNextBatches(2, 503, null);
        sandbox.failNextBatches(1, 429, Duration.ofSeconds(7));
        Session session = session();

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> answer = emptyBatch(session);
            answers.add(answer.statusCode() + answer.headers().firstValue("Retry-After").map(" Retry-After "::concat)
                    .orElse(""));
        }

        assertEquals(List.of("503", "503", "429 Retry-After 7", "202"), answers);
        assertEquals(1, sandbox.batchRequests(), "only the answered request is a batch the sandbox processed");
    }

    @Test
    void clearedFaultsAreNotPlayed() throws Exception {
        sandbox.failNextBatches(Integer.MAX_VALUE, 503, null);
        Session session = session();
        assertEquals(503, emptyBatch(session).statusCode());

        sandbox.clearFaults();

        assertEquals(202, emptyBatch(session).statusCode());
    }

    @Test
    void aFaultForNoWriteIsRefusedRatherThanReadAsClearingTheQueue() {
        assertThrows(IllegalArgumentException.class, () -> sandbox.failNextBatches(0, 503, null));
    }

    @Test
    void countsStartOverOnResetWhileStoredDataStays() throws Exception {
        sandbox.latency(Duration.ofMillis(300));
        Session session = session();
        List<CompletableFuture<HttpResponse<String>>> together = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            together.add(http.sendAsync(batchRequest(session), HttpResponse.BodyHandlers.ofString()));
        }
        together.forEach(CompletableFuture::join);
        assertEquals(3, sandbox.peakConcurrentRequests());
        assertEquals(3, sandbox.batchRequests());

        sandbox.resetCounts();

        assertEquals(0, sandbox.peakConcurrentRequests(), "no request open now");
        assertEquals(0, sandbox.batchRequests());
        assertEquals(0, sandbox.requestsReceived());
        assertEquals(202, emptyBatch(session).statusCode());
        assertEquals(1, sandbox.peakConcurrentRequests());
        assertEquals(1, sandbox.batchRequests());
        assertEquals(1, sandbox.requestsReceived(), "the CSRF fetch and three batches were before the reset");
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private record Session(String csrfToken, String cookie) {
    }

    private Session session() throws IOException, InterruptedException {
        HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(URI.create(sandbox.serviceUrl() + "/"))
                .header("Authorization", authorization).header("X-CSRF-Token", "Fetch").timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = fetched.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return new Session(fetched.headers().firstValue("X-CSRF-Token").orElseThrow(), cookie);
    }

    private HttpResponse<String> emptyBatch(Session session) throws IOException, InterruptedException {
        return http.send(batchRequest(session), HttpResponse.BodyHandlers.ofString());
    }

    /** A {@code $batch} without changesets: past the CSRF check and the faults, it writes nothing. */
    private HttpRequest batchRequest(Session session) {
        return HttpRequest.newBuilder(URI.create(sandbox.serviceUrl() + "/$batch"))
                .header("Authorization", authorization).header("X-CSRF-Token", session.csrfToken())
                .header("Cookie", session.cookie()).header("Content-Type", "multipart/mixed; boundary=batch_1")
                .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString("--batch_1--\r\n")).build();
    }
}
