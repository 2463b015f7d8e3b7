package dev.profilebridge.connector.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.odata.BatchRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * A CSRF fetch that fails is not kept: the next batch fetches again (SAP Gateway answering the fetch with a 503
 * during a restart must not wedge the connector until it is restarted itself). A local HTTP server plays SAP: its
 * first CSRF fetch fails, the next ones succeed; its {@code $batch} answers 400 so that reaching it shows.
 */
class SapODataClientCsrfTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<String> batchTokens = new CopyOnWriteArrayList<>();
    private HttpServer sap;
    private SapODataClient client;

    @BeforeEach
    void startSap() throws Exception {
        sap = vertx.createHttpServer().requestHandler(request -> {
            if (request.method() == HttpMethod.GET && "Fetch".equals(request.getHeader("X-CSRF-Token"))) {
                if (fetches.incrementAndGet() == 1) {
                    request.response().setStatusCode(503).end();
                } else {
                    request.response().putHeader("X-CSRF-Token", "token-" + fetches.get())
                            .putHeader("Set-Cookie", "SAP_SESSIONID=s" + fetches.get() + "; path=/").end("{}");
                }
            } else if (request.method() == HttpMethod.POST && request.path().endsWith("/$batch")) {
                batchTokens.add(request.getHeader("X-CSRF-Token"));
                request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end("{\"error\":{\"message\":{\"value\":\"not this time\"}}}");
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        client = new SapODataClient(WebClient.create(new io.vertx.mutiny.core.Vertx(vertx)),
                new SapODataClient.Settings("http://127.0.0.1:" + sap.actualPort() + "/sap/svc",
                        SapODataClient.Settings.basic("COMM_USER", "secret"), Duration.ofSeconds(3)));
    }

    @AfterEach
    void stopSap() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aFailedCsrfFetchIsForgottenAndTheNextBatchFetchesAgain() {
        SapCallException first = assertThrows(SapCallException.class, () -> client.batch(oneChange()).await().atMost(WAIT));
        assertEquals(503, first.status(), "the fetch's failure");

        SapCallException second = assertThrows(SapCallException.class, () -> client.batch(oneChange()).await().atMost(WAIT));
        assertEquals(400, second.status(), "the second batch got past the fetch to $batch");
        assertEquals(2, fetches.get());
        assertEquals(List.of("token-2"), batchTokens);
    }

    @Test
    void aGoodCsrfSessionIsKeptForTheNextBatches() {
        assertThrows(SapCallException.class, () -> client.batch(oneChange()).await().atMost(WAIT));
        for (int i = 0; i < 3; i++) {
            assertThrows(SapCallException.class, () -> client.batch(oneChange()).await().atMost(WAIT));
        }
        assertEquals(2, fetches.get(), "one failed fetch, then one kept session");
        assertEquals(List.of("token-2", "token-2", "token-2"), batchTokens);
    }

    private static BatchRequest oneChange() {
        return new BatchRequest().changeset(List.of(new BatchRequest.Operation("POST", "ContactCollection", "{}")));
    }
}
