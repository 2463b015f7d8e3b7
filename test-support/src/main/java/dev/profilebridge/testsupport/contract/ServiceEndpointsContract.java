package dev.profilebridge.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import io.restassured.response.Response;

/**
 * What every Profile Bridge service exposes: readiness covering its connections, Prometheus metrics, an OpenAPI
 * document, and RFC 9457 problem details for errors. A service's test class extends this, names the readiness
 * checks it must report, and carries {@code @QuarkusTest} and the {@code RealInfrastructure} resource.
 */
public abstract class ServiceEndpointsContract {

    /** The names of the readiness checks this service must report as UP. */
    protected abstract List<String> expectedReadinessChecks();

    @Test
    void readinessIsUpAndCoversTheServiceConnections() {
        // Readiness may lag the start: a connector is DOWN until its Kafka consumer has joined, and a check
        // bounded by a short timeout can miss on a loaded machine. Wait for it to turn ready, then assert it.
        AtomicReference<Response> ready = new AtomicReference<>();
        Await.until(Duration.ofSeconds(60), () -> {
            ready.set(given().when().get("/q/health/ready"));
            return ready.get().statusCode() == 200;
        });
        ready.get().then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(expectedReadinessChecks().toArray(String[]::new)));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    /**
     * The series of docs/*.md this service publishes from its start (Prometheus names, with their tags' opening
     * brace); those a first request creates are checked by value in the tests of what counts them.
     */
    protected List<String> documentedSeries() {
        return List.of("jvm_memory_used_bytes{");
    }

    /** The delivery engine's series (docs/connectors.md), registered when a connector starts. */
    protected static List<String> deliveryEngineSeries() {
        return List.of("connector_records_delivered_total{", "connector_records_skipped_stale_total{",
                "connector_records_retried_total{", "connector_records_dead_lettered_total{",
                "connector_requests_in_flight{", "connector_records_buffered{", "connector_batch_size_count{",
                "connector_target_latency_seconds_bucket{", "connector_concurrency_permits{",
                "connector_partitions_stuck{", "connector_delivery_state_down{", "connector_target_down{");
    }

    @Test
    void theDocumentedMetricsArePublishedForPrometheus() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : documentedSeries()) {
            assertTrue(metrics.contains(series), series + " is not published");
        }
    }

    @Test
    void openApiDocumentIsPublished() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."));
    }

    @Test
    void unknownPathsAnswerWithProblemDetails() {
        given().when().get("/no-such-path")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }
}
