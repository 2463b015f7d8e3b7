package dev.profilebridge.token.api;

import static dev.profilebridge.token.api.TokenServiceClient.admin;
import static dev.profilebridge.token.api.TokenServiceClient.register;
import static dev.profilebridge.token.api.TokenServiceClient.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class AdminClientApiTest {

    @Test
    void aCreatedClientIsListedWithoutItsSecret() {
        TokenServiceClient.Registered created = register(Map.of("clientId", "cdc-eu-prod",
                "description", "CDC EU production dataflow", "scopes", List.of("profiles:write"),
                "tokenLifetimeSeconds", 900));

        String listing = admin().get("/admin/clients").then().statusCode(200)
                .body("clientId", hasItem("cdc-eu-prod"))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(listing.contains(created.secret()), "a secret is shown once");
        admin().get("/admin/clients/cdc-eu-prod").then().statusCode(200)
                .body("description", equalTo("CDC EU production dataflow"))
                .body("scopes", equalTo(List.of("profiles:write")))
                .body("tokenLifetimeSeconds", equalTo(900))
                .body("enabled", equalTo(true))
                .body("secrets", hasSize(1))
                .body("secrets[0].expiresAt", nullValue())
                .body("$", not(org.hamcrest.Matchers.hasKey("clientSecret")));

        given().auth().preemptive().basic("cdc-eu-prod", created.secret())
                .formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(200).body("expires_in", equalTo(900));
    }

    @Test
    void aClientWithoutAnIdGetsAGeneratedOne() {
        admin().contentType(ContentType.JSON).body(Map.of("scopes", List.of("dlq:operate")))
                .post("/admin/clients")
                .then().statusCode(201)
                .header("Location", containsString("/admin/clients/pb-"))
                .body("client.clientId", org.hamcrest.Matchers.startsWith("pb-"))
                .body("clientSecret", notNullValue());
    }

    @Test
    void invalidRegistrationsAreProblems() {
        expectProblem(Map.of("clientId", "x", "scopes", List.of("profiles:write")), 400, "clientId");
        expectProblem(Map.of("clientId", "valid-id-1", "scopes", List.of()), 400, "scopes");
        expectProblem(Map.of("clientId", "valid-id-2", "scopes", List.of("root")), 400, "unknown");
        expectProblem(Map.of("clientId", "valid-id-3", "scopes", List.of("profiles:write"), "tokenLifetimeSeconds",
                999_999), 400, "tokenLifetimeSeconds");
        register(Map.of("clientId", "taken-id", "scopes", List.of("profiles:write")));
        expectProblem(Map.of("clientId", "taken-id", "scopes", List.of("profiles:write")), 409, "exists");
        admin().get("/admin/clients/no-such-client").then().statusCode(404)
                .contentType("application/problem+json");
        admin().contentType(ContentType.JSON).body("{\"clientId\": ").post("/admin/clients")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theAdminApiNeedsAValidTokenWithTheAdminScope() {
        given().get("/admin/clients").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("not.a.jwt").get("/admin/clients").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        TokenServiceClient.Registered cdc = register("profiles:write");
        given().auth().oauth2(token(cdc.clientId(), cdc.secret())).get("/admin/clients").then().statusCode(403)
                .header("WWW-Authenticate", containsString("insufficient_scope"));
        // alg "none" with admin claims is refused
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String claims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"http://localhost:8081\",\"aud\":\"profile-bridge\",\"sub\":\"x\",\"scope\":\"clients:admin\","
                        + "\"exp\":4102444800}").getBytes());
        given().auth().oauth2(header + "." + claims + ".").get("/admin/clients").then().statusCode(401);
    }

    private static void expectProblem(Map<String, Object> body, int status, String detailPart) {
        admin().contentType(ContentType.JSON).body(body).post("/admin/clients")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", containsString(detailPart));
    }
}
