package dev.profilebridge.console.client;

import java.net.URI;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.console.config.ConsoleConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * token-service and the services' {@code /ops} APIs, as the operator calls them: every call carries the operator's own
 * token, so each service makes its own scope check and the console adds no privilege. Non-blocking (Vert.x web
 * client): the pages are rendered on the event loop.
 */
@ApplicationScoped
public class OperatorApi {

    public static final String SCOPE = "dlq:operate";
    public static final String TOKEN_SERVICE = "token-service";
    public static final String INGEST = "ingest";

    private final ConsoleConfig config;
    private final ObjectMapper json;
    private final WebClient client;

    OperatorApi(Vertx vertx, ConsoleConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis()).setUserAgent("pb-ops-console"));
    }

    /** The connectors by short name, in name order. */
    public SortedMap<String, String> connectors() {
        return new TreeMap<>(config.connectors());
    }

    /** Client credentials for a token with the scope {@code dlq:operate}; a refusal is a 401 with token-service's reason. */
    public Uni<IssuedToken> signIn(String clientId, String clientSecret) {
        HttpRequest<Buffer> request = client.postAbs(config.tokenUrl()).timeout(config.timeout().toMillis())
                .basicAuthentication(clientId, clientSecret);
        return request.sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials")
                .add("scope", SCOPE))
                .onFailure().transform(failure -> unreachable(TOKEN_SERVICE, config.tokenUrl(), failure))
                .map(response -> {
                    JsonNode body = body(response);
                    if (response.statusCode() == 200 && body.path("access_token").isTextual()) {
                        return new IssuedToken(body.get("access_token").asText(), body.path("expires_in").asLong(300));
                    }
                    int status = response.statusCode() >= 500 ? 502 : 401;
                    throw new ApiException(status, "Sign-in refused", "token-service refused the client id and secret ("
                            + response.statusCode() + " " + body.path("error").asText("") + ": "
                            + body.path("error_description").asText("no reason given") + ")", TOKEN_SERVICE);
                });
    }

    /** GET on a connector (by short name) or on ingest ({@link #INGEST}), the answer read as {@code type}. */
    public <T> Uni<T> get(String service, String path, Map<String, ?> query, String token, TypeReference<T> type) {
        HttpRequest<Buffer> request = request(service, "GET", path, token);
        query.forEach((name, value) -> {
            if (value != null && !value.toString().isBlank()) {
                request.addQueryParam(name, value.toString());
            }
        });
        return send(service, request, request.send(), type);
    }

    /** POST of a JSON body on a connector, the answer read as {@code type}. */
    public <T> Uni<T> post(String service, String path, Object body, String token, TypeReference<T> type) {
        HttpRequest<Buffer> request = request(service, "POST", path, token);
        return send(service, request, body == null ? request.send()
                : request.sendJsonObject(new JsonObject(json.convertValue(body, new TypeReference<Map<String, Object>>() {
                }))), type);
    }

    private HttpRequest<Buffer> request(String service, String method, String path, String token) {
        String base = INGEST.equals(service) ? config.ingestUrl() : config.connectors().get(service);
        if (base == null) {
            throw new ApiException(404, "Unknown connector", "No connector " + service + "; known: "
                    + String.join(", ", connectors().keySet()), service);
        }
        String url = base.replaceAll("/+$", "") + path;
        HttpRequest<Buffer> request = "POST".equals(method) ? client.postAbs(url) : client.getAbs(url);
        return request.timeout(config.timeout().toMillis()).bearerTokenAuthentication(token)
                .putHeader("Accept", "application/json");
    }

    private <T> Uni<T> send(String service, HttpRequest<Buffer> request, Uni<HttpResponse<Buffer>> sent, TypeReference<T> type) {
        return sent.onFailure().transform(failure -> unreachable(service, request.uri(), failure)).map(response -> {
            JsonNode body = body(response);
            if (response.statusCode() >= 300) {
                throw refused(service, response.statusCode(), body);
            }
            return json.convertValue(body, type);
        });
    }

    /** The service's problem as it gave it; a 403 says which scope the operator's client lacks. */
    static ApiException refused(String service, int status, JsonNode problem) {
        String title = problem.path("title").asText("HTTP " + status);
        String detail = problem.path("detail").asText("");
        if (status == 403) {
            detail = "The " + service + " API refused this: your client needs the scope " + SCOPE
                    + " (ask token-service's administrator). " + detail;
        } else if (status == 401) {
            detail = "The " + service + " API did not take your token (expired or revoked): sign in again. " + detail;
        }
        return new ApiException(status, title, detail.strip(), service);
    }

    private ApiException unreachable(String service, String url, Throwable failure) {
        return new ApiException(502, service + " unreachable", "No answer from " + origin(url) + " (" + why(failure)
                + ")", service);
    }

    private String why(Throwable failure) {
        if (failure instanceof java.net.ConnectException) {
            return "connection refused: is it running?";
        }
        if (failure instanceof java.util.concurrent.TimeoutException
                || failure instanceof io.netty.channel.ConnectTimeoutException) {
            return "nothing within " + config.timeout().toSeconds() + " s";
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private JsonNode body(HttpResponse<Buffer> response) {
        try {
            String text = response.bodyAsString();
            return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getAuthority();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
