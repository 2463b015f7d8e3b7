package dev.profilebridge.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

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
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(expectedReadinessChecks().toArray(String[]::new)));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void metricsArePublishedForPrometheus() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
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
