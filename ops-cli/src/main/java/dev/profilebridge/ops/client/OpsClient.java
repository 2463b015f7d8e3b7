package dev.profilebridge.ops.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The services' {@code /ops} APIs, called with a client-credentials token from token-service (scope
 * {@code dlq:operate}), fetched once per command. A command runs on its own thread and waits for each answer: no event
 * loop is involved.
 */
@ApplicationScoped
public class OpsClient {

    static final String SCOPE = "dlq:operate";

    private final OpsConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    private String token;

    OpsClient(OpsConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** The base URL of a connector by its short name. */
    public String connector(String name) {
        String url = config.connectors().get(name);
        if (url == null) {
            throw new OpsException("Unknown connector " + name + "; known: " + String.join(", ", config.connectors().keySet()));
        }
        return url;
    }

    public Map<String, String> connectors() {
        return config.connectors();
    }

    public String ingest() {
        return config.ingestUrl();
    }

    public JsonNode get(String base, String path, Map<String, Object> query) {
        return send(HttpRequest.newBuilder(uri(base, path, query)).GET());
    }

    public JsonNode post(String base, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(uri(base, path, Map.of())).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : json.writeValueAsString(body))));
        } catch (IOException e) {
            throw new OpsException("Cannot write the request: " + e.getMessage());
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest built = request.header("Authorization", "Bearer " + token()).timeout(config.timeout()).build();
        HttpResponse<String> response = exchange(built);
        JsonNode body = parse(response);
        if (response.statusCode() >= 300) {
            throw new OpsException(problem(built.uri(), response.statusCode(), body));
        }
        return body;
    }

    private synchronized String token() {
        if (token == null) {
            String id = config.clientId().orElseThrow(() -> new OpsException(
                    "Set PB_OPS_CLIENT_ID and PB_OPS_CLIENT_SECRET: a token-service client with the scope " + SCOPE));
            String secret = config.clientSecret().orElseThrow(() -> new OpsException("Set PB_OPS_CLIENT_SECRET"));
            String basic = Base64.getEncoder().encodeToString((form(id) + ":" + form(secret))
                    .getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.tokenUrl())).timeout(config.timeout())
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + form(SCOPE)))
                    .build();
            HttpResponse<String> response = exchange(request);
            JsonNode body = parse(response);
            if (response.statusCode() != 200 || !body.path("access_token").isTextual()) {
                throw new OpsException("token-service refused the token (" + response.statusCode() + " "
                        + body.path("error").asText("") + " " + body.path("error_description").asText("") + ")");
            }
            token = body.path("access_token").asText();
        }
        return token;
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new OpsException("Nothing answers at " + request.uri().resolve("/") + " (is the service running?)");
        } catch (IOException e) {
            throw new OpsException("No answer from " + request.uri() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("Interrupted");
        }
    }

    private JsonNode parse(HttpResponse<String> response) {
        try {
            return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new OpsException("Not JSON from " + response.uri() + " (" + response.statusCode() + ")");
        }
    }

    private static String problem(URI uri, int status, JsonNode body) {
        String title = body.path("title").asText("");
        String detail = body.path("detail").asText("");
        return uri.getPath() + ": " + status + " " + title + (detail.isEmpty() ? "" : " - " + detail);
    }

    private static URI uri(String base, String path, Map<String, Object> query) {
        String parameters = query.entrySet().stream().filter(entry -> entry.getValue() != null)
                .map(entry -> form(entry.getKey()) + "=" + form(entry.getValue().toString()))
                .collect(Collectors.joining("&"));
        return URI.create(base.replaceAll("/+$", "") + path + (parameters.isEmpty() ? "" : "?" + parameters));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
