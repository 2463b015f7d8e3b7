package dev.profilebridge.connector.sap;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.profilebridge.connector.spi.DeliveryTarget;
import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchResponse;
import dev.profilebridge.connector.odata.ODataJson;
import dev.profilebridge.wire.TraceContextHeaders;
import io.quarkus.oidc.client.OidcClients;
import io.smallrye.mutiny.Uni;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Sends OData V2 {@code $batch} requests to an SAP service the way SAP Gateway wants them: authenticated, with a
 * CSRF token and the session cookies it came with. The token is fetched once and kept; when SAP answers
 * {@code 403} with {@code x-csrf-token: Required} (the session expired) it is fetched again and the request sent
 * once more.
 */
public class SapODataClient {

    /**
     * Where and how to call: the service root URL (…/API_MKT_CONTACT_SRV;v=0004), the Authorization header's value
     * for each call (Basic, or a Bearer token from an OAuth 2.0 client), a timeout.
     */
    public record Settings(String serviceUrl, Supplier<Uni<String>> authorization, Duration timeout) {

        public static Supplier<Uni<String>> basic(String user, String password) {
            String header = "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return () -> Uni.createFrom().item(header);
        }
    }

    private record CsrfSession(String token, String cookies) {
    }

    private final WebClient http;
    private final Settings settings;
    private final SharedFetch<CsrfSession> csrf = new SharedFetch<>(this::fetchSession);

    public SapODataClient(WebClient http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    /**
     * A client for a connector's SAP service: Basic, or OAuth 2.0 through the named quarkus-oidc-client, with one
     * pooled connection per request the engine may have in flight (Vert.x would otherwise cap it at 5).
     * {@code prefix} names the connector's properties in error messages.
     */
    public static SapODataClient connect(Vertx vertx, SapConnection connection, int maxInFlight, OidcClients oidcClients,
            String prefix) {
        Supplier<Uni<String>> authorization = connection.auth() == SapConnection.Auth.OAUTH2
                ? new OAuthBearerTokens(oidcClients.getClient(prefix), connection.oauthRefreshBefore())
                : Settings.basic(connection.user(), connection.password().orElseThrow(() -> new IllegalStateException(
                        prefix + ".password is required with Basic authentication")));
        // The engine's delivery span is the calls' trace context (DeliveryTracing): Quarkus' own HTTP client tracing
        // would add a second traceparent from whatever context the Vert.x thread holds.
        WebClientOptions options = new WebClientOptions().setMaxPoolSize(maxInFlight).setKeepAlive(true)
                .setTracingPolicy(TracingPolicy.IGNORE);
        return new SapODataClient(WebClient.create(vertx, options),
                new Settings(connection.serviceUrl(), authorization, connection.timeout()));
    }

    /** Reads a resource ({@code path} relative to the service root, query included) as JSON text. */
    public Uni<String> get(String path) {
        return authorized(http.getAbs(settings.serviceUrl() + "/" + path))
                .chain(get -> call(get.putHeader("Accept", "application/json").send()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw failure(response);
                    }
                    return response.bodyAsString();
                });
    }

    /** Sends the batch; the outcomes are per changeset, in order. Fails with {@link SapCallException}. */
    public Uni<List<BatchResponse.ChangesetOutcome>> batch(BatchRequest request) {
        return csrf.get(session -> true).chain(session -> post(request, session))
                .chain(response -> isCsrfRequired(response)
                        ? csrf.renew().chain(session -> post(request, session))
                        : Uni.createFrom().item(response))
                .map(response -> outcomes(request, response));
    }

    private Uni<HttpResponse<Buffer>> post(BatchRequest request, CsrfSession session) {
        return authorized(http.postAbs(settings.serviceUrl() + "/$batch"))
                .chain(post -> call(post.putHeader("Content-Type", request.contentType())
                        .putHeader("Accept", "multipart/mixed")
                        .putHeader("X-CSRF-Token", session.token())
                        .putHeader("Cookie", session.cookies())
                        .sendBuffer(Buffer.buffer(request.body()))));
    }

    private List<BatchResponse.ChangesetOutcome> outcomes(BatchRequest request, HttpResponse<Buffer> response) {
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw failure(response);
        }
        List<BatchResponse.ChangesetOutcome> outcomes;
        try {
            outcomes = BatchResponse.parse(response.getHeader("Content-Type"), response.bodyAsString());
        } catch (IllegalArgumentException e) {
            // A login page or a cut-off body from something in front of SAP: SAP's answer is still to come.
            throw new SapCallException(502, null, "SAP answered a $batch with no readable multipart body: "
                    + e.getMessage(), e);
        }
        if (outcomes.size() != request.size()) {
            throw new SapCallException(502, null, "SAP answered " + outcomes.size() + " changesets for "
                    + request.size(), null);
        }
        return outcomes;
    }

    private Uni<CsrfSession> fetchSession() {
        return authorized(http.getAbs(settings.serviceUrl() + "/"))
                .chain(get -> call(get.putHeader("X-CSRF-Token", "Fetch").putHeader("Accept", "application/json").send()))
                .map(response -> {
                    String token = response.getHeader("X-CSRF-Token");
                    if (response.statusCode() != 200 || token == null) {
                        throw failure(response);
                    }
                    String cookies = response.cookies().stream().map(c -> c.split(";", 2)[0])
                            .collect(Collectors.joining("; "));
                    return new CsrfSession(token, cookies);
                });
    }

    /**
     * The request's own timeout (Vert.x resets the request when no data came within it, closing the connection, so a
     * slow SAP holds no connection past it and a write cannot still be on its way when it is retried); the Uni's
     * timeout, a little later, only bounds an answer that trickles in.
     */
    private Uni<HttpResponse<Buffer>> call(Uni<HttpResponse<Buffer>> call) {
        return call.ifNoItem().after(settings.timeout().plusSeconds(1)).failWith(() -> new SapCallException(0, null,
                        "No answer from SAP within " + settings.timeout(), null))
                .onFailure(e -> !(e instanceof SapCallException))
                .transform(e -> new SapCallException(0, null, "SAP could not be reached: " + e.getMessage(), e));
    }

    private Uni<HttpRequest<Buffer>> authorized(HttpRequest<Buffer> request) {
        return settings.authorization().get()
                .onFailure().transform(e -> new SapCallException(0, null, "No credentials for SAP: " + e.getMessage(), e))
                .map(header -> request.putHeader("Authorization", header).timeout(settings.timeout().toMillis()))
                .chain(this::traced);
    }

    /** The delivery's trace context, when the engine's subscription carries one (see DeliveryTracing). */
    private Uni<HttpRequest<Buffer>> traced(HttpRequest<Buffer> request) {
        return Uni.createFrom().context(context -> {
            io.opentelemetry.context.Context trace = context.getOrElse(DeliveryTarget.TRACE_CONTEXT, () -> null);
            String traceparent = trace == null ? null : TraceContextHeaders.traceparent(trace);
            return Uni.createFrom().item(traceparent == null ? request
                    : request.putHeader(TraceContextHeaders.TRACEPARENT, traceparent));
        });
    }

    private static boolean isCsrfRequired(HttpResponse<Buffer> response) {
        return response.statusCode() == 403 && "Required".equalsIgnoreCase(response.getHeader("x-csrf-token"));
    }

    private static SapCallException failure(HttpResponse<Buffer> response) {
        String retryAfter = response.getHeader("Retry-After");
        Duration wait = null;
        if (retryAfter != null && retryAfter.trim().matches("\\d+")) {
            wait = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        }
        return new SapCallException(response.statusCode(), wait, "SAP answered " + response.statusCode() + ": "
                + ODataJson.errorMessage(response.bodyAsString()), null);
    }
}
