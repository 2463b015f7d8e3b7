package dev.profilebridge.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class DataflowResourceTest {

    private static final TokenIssuerFixture ISSUER = TokenIssuerFixture.shared();

    @Test
    void theDataflowReadsDeltasGetsATokenAndPostsToThisService() {
        JsonPath dataflow = given().auth().oauth2(ISSUER.token("admin", "clients:admin"))
                .queryParam("batchSize", 25).queryParam("maxConnections", 4).queryParam("clientId", "cdc-eu")
                .get("/v1/cdc/dataflow")
                .then().statusCode(200)
                .body("steps.id", equalTo(List.of("read-accounts", "get-token", "bearer-and-batch", "post-profiles")))
                .body("steps[0].type", equalTo("datasource.read.gigya.account"))
                .body("steps[0].params.deltaField", equalTo("lastUpdatedTimestamp"))
                .body("steps[1].type", equalTo("datasource.write.external.generic"))
                .body("steps[1].params.url", equalTo("http://localhost:8081/oauth/token?grant_type=client_credentials"))
                .body("steps[1].params.addResponse", equalTo(true))
                .body("steps[2].type", equalTo("record.evaluate"))
                .body("steps[3].params.url", equalTo("http://localhost:8080/v1/profiles"))
                .body("steps[3].params.maxConnections", equalTo(4))
                .extract().jsonPath();
        String script = new String(Base64.getDecoder().decode(dataflow.getString("steps[2].params.script")),
                StandardCharsets.UTF_8);
        assertTrue(script.contains("function process(record, ctx, logger, next)"), script);
        assertTrue(script.contains("var BATCH_SIZE = 25;"), script);
        assertTrue(dataflow.getString("steps[1].params.headers.Authorization").contains("cdc-eu"));
    }

    @Test
    void theDataflowNeedsTheAdminScopeAndSaneParameters() {
        given().auth().oauth2(ISSUER.token("cdc", "profiles:write")).get("/v1/cdc/dataflow").then().statusCode(403);
        given().auth().oauth2(ISSUER.token("admin", "clients:admin")).queryParam("batchSize", 0)
                .get("/v1/cdc/dataflow").then().statusCode(400).contentType("application/problem+json");
    }
}
