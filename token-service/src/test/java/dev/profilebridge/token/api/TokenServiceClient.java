package dev.profilebridge.token.api;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Test helpers that use token-service over HTTP, as its callers do. */
final class TokenServiceClient {

    static final String ADMIN_ID = "test-admin";
    static final String ADMIN_SECRET = "test-admin-secret-0123456789";

    record Registered(String clientId, String secret) {
    }

    private TokenServiceClient() {
    }

    static String adminToken() {
        return token(ADMIN_ID, ADMIN_SECRET);
    }

    static String token(String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret)
                .formParam("grant_type", "client_credentials")
                .when().post("/oauth/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    static Registered register(String... scopes) {
        return register(Map.of("clientId", "client-" + UUID.randomUUID(), "scopes", List.of(scopes)));
    }

    static Registered register(Map<String, Object> body) {
        Map<String, Object> created = admin().contentType(ContentType.JSON).body(body)
                .when().post("/admin/clients")
                .then().statusCode(201)
                .extract().as(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> client = (Map<String, Object>) created.get("client");
        return new Registered((String) client.get("clientId"), (String) created.get("clientSecret"));
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(adminToken());
    }
}
