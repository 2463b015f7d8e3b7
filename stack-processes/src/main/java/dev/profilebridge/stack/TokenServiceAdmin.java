package dev.profilebridge.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** token-service's admin API as an operator uses it, with the bootstrap admin client's credentials. */
public final class TokenServiceAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String tokenServiceUrl;
    private final String adminClientId;
    private final String adminSecret;

    public TokenServiceAdmin(String tokenServiceUrl, String adminClientId, String adminSecret) {
        this.tokenServiceUrl = tokenServiceUrl;
        this.adminClientId = adminClientId;
        this.adminSecret = adminSecret;
    }

    /**
     * Registers a client with one scope and returns its secret. A client of that id left from an earlier run (the
     * database outlives the processes) gets a new secret at once instead, since its old one was shown only once.
     */
    public String registerClient(String clientId, String scope) throws IOException, InterruptedException {
        String adminToken = adminToken();
        HttpResponse<String> created = post("/admin/clients", adminToken,
                JSON.createObjectNode().put("clientId", clientId).put("description", "Local stack: " + scope)
                        .set("scopes", JSON.createArrayNode().add(scope)).toString());
        if (created.statusCode() == 409) {
            created = post("/admin/clients/" + clientId + "/secrets", adminToken, "{\"gracePeriodSeconds\":0}");
        }
        return read(created, 201).path("clientSecret").asText();
    }

    private String adminToken() throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((adminClientId + ":" + adminSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenServiceUrl + "/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=clients:admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        return read(response, 200).path("access_token").asText();
    }

    private HttpResponse<String> post(String path, String bearer, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(tokenServiceUrl + path))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode read(HttpResponse<String> response, int expectedStatus) throws IOException {
        if (response.statusCode() != expectedStatus) {
            throw new IOException(response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
