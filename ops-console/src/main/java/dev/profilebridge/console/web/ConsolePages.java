package dev.profilebridge.console.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.console.client.ApiException;
import dev.profilebridge.console.client.OperatorApi;
import dev.profilebridge.console.config.ConsoleConfig;
import dev.profilebridge.console.model.ConnectorTrace;
import dev.profilebridge.console.model.DeadLetter;
import dev.profilebridge.console.model.DeadLetterSummary;
import dev.profilebridge.console.model.IngestTrace;
import dev.profilebridge.console.model.Overview;
import dev.profilebridge.console.model.Replay;
import dev.profilebridge.console.session.TokenCookie;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The console's pages. Each one calls the services' operator APIs with the operator's token from the cookie and
 * renders what they answer; each action is the same API call the command line makes, so the services' own scope
 * checks decide. Forms answer with a redirect to the page that shows the outcome (POST, redirect, GET).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    private static final TypeReference<Overview> OVERVIEW = new TypeReference<>() {
    };
    private static final TypeReference<DeadLetterSummary> SUMMARY = new TypeReference<>() {
    };
    private static final TypeReference<List<DeadLetter>> DEAD_LETTERS = new TypeReference<>() {
    };
    private static final TypeReference<ConnectorTrace> TRACE = new TypeReference<>() {
    };
    private static final TypeReference<IngestTrace> INGEST_TRACE = new TypeReference<>() {
    };
    private static final TypeReference<Replay> REPLAY = new TypeReference<>() {
    };
    private static final TypeReference<List<Replay>> REPLAYS = new TypeReference<>() {
    };
    private static final int LISTED = 200;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(String message, String clientId);

        static native TemplateInstance overview(List<ConnectorPanel> panels, int minutes);

        static native TemplateInstance deadLetters(List<String> connectors, DeadLetterQuery query, List<DeadLetter> letters,
                int limit);

        static native TemplateInstance profile(String uid, IngestTrace ingest, String ingestError,
                List<ConnectorProfile> connectors);

        static native TemplateInstance replays(List<String> connectors, String connector, List<Replay> audit,
                DeadLetterQuery query);

        static native TemplateInstance replay(String connector, Replay replay);
    }

    private final OperatorApi api;
    private final ConsoleConfig config;
    private final RequestOrigin origin;
    private final ObjectMapper json;

    ConsolePages(OperatorApi api, ConsoleConfig config, RequestOrigin origin, ObjectMapper json) {
        this.api = api;
        this.config = config;
        this.origin = origin;
        this.json = json;
    }

    @GET
    @Path("sign-in")
    public TemplateInstance signInPage() {
        return Templates.signIn(null, "");
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(@RestForm String clientId, @RestForm String clientSecret, @Context UriInfo uri) {
        if (blank(clientId) || blank(clientSecret)) {
            return Uni.createFrom().item(Response.status(400)
                    .entity(Templates.signIn("Enter the client id and the client secret.", clientId)).build());
        }
        return api.signIn(clientId.strip(), clientSecret).map(token -> Response.seeOther(URI.create("/"))
                .cookie(TokenCookie.holding(token.accessToken(), token.expiresIn(), origin.secure(uri))).build())
                .onFailure(ApiException.class).recoverWithItem(failure -> Response
                        .status(((ApiException) failure).status())
                        .entity(Templates.signIn(failure.getMessage(), clientId)).build());
    }

    @POST
    @Path("sign-out")
    public Response signOut(@Context UriInfo uri) {
        return Response.seeOther(URI.create("/sign-in")).cookie(TokenCookie.cleared(origin.secure(uri))).build();
    }

    @GET
    public Uni<TemplateInstance> overview(@RestCookie(TokenCookie.NAME) String token) {
        String operator = signedIn(token);
        List<Uni<ConnectorPanel>> panels = api.connectors().keySet().stream().map(name -> panel(name, operator)).toList();
        return Uni.join().all(panels).andFailFast().map(all -> Templates.overview(all, config.overviewMinutes()));
    }

    @GET
    @Path("dead-letters")
    public Uni<TemplateInstance> deadLetters(@RestCookie(TokenCookie.NAME) String token, @RestQuery String connector,
            @RestQuery String uid, @RestQuery String reason, @RestQuery String status, @RestQuery String from,
            @RestQuery String to) {
        String operator = signedIn(token);
        DeadLetterQuery query = new DeadLetterQuery(connectorOrFirst(connector), uid, reason, status, from, to);
        Map<String, Object> parameters = new LinkedHashMap<>(query.parameters());
        parameters.put("limit", LISTED);
        return api.get(query.connector(), "/ops/dead-letters", parameters, operator, DEAD_LETTERS)
                .map(letters -> Templates.deadLetters(connectorNames(), query, letters, LISTED));
    }

    @GET
    @Path("profiles")
    public Uni<?> profile(@RestCookie(TokenCookie.NAME) String token, @RestQuery String uid) {
        String operator = signedIn(token);
        if (blank(uid)) {
            return Uni.createFrom().item(Templates.profile("", null, null, List.of()));
        }
        String wanted = uid.strip();
        String path = "/ops/profiles/" + encodePath(wanted);
        Uni<IngestTrace> ingest = api.get(OperatorApi.INGEST, path, Map.of(), operator, INGEST_TRACE);
        List<Uni<ConnectorProfile>> connectors = connectorNames().stream().map(name -> Uni.combine().all()
                .unis(api.get(name, path, Map.of(), operator, TRACE),
                        api.get(name, "/ops/dead-letters", Map.of("uid", wanted, "limit", LISTED), operator, DEAD_LETTERS))
                .asTuple().map(found -> new ConnectorProfile(name, found.getItem1(), found.getItem2(), null))
                .onFailure(ConsolePages::shownInPlace)
                .recoverWithItem(failure -> new ConnectorProfile(name, null, List.of(), failure.getMessage()))).toList();
        return ingest.map(trace -> new Object[] { trace, null }).onFailure(ConsolePages::shownInPlace)
                .recoverWithItem(failure -> new Object[] { null, failure.getMessage() })
                .chain(found -> Uni.join().all(connectors).andFailFast().map(all -> Templates.profile(wanted,
                        (IngestTrace) found[0], (String) found[1], all)));
    }

    @GET
    @Path("replays")
    public Uni<TemplateInstance> replays(@RestCookie(TokenCookie.NAME) String token, @RestQuery String connector,
            @RestQuery String uid, @RestQuery String reason, @RestQuery String status, @RestQuery String from,
            @RestQuery String to) {
        String operator = signedIn(token);
        DeadLetterQuery query = new DeadLetterQuery(connectorOrFirst(connector), uid, reason, status, from, to);
        return api.get(query.connector(), "/ops/replays", Map.of("limit", 50), operator, REPLAYS)
                .map(audit -> Templates.replays(connectorNames(), query.connector(), audit, query));
    }

    @POST
    @Path("replays")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> startReplay(@RestCookie(TokenCookie.NAME) String token, @RestForm String connector,
            @RestForm String uid, @RestForm String reason, @RestForm String status, @RestForm String from,
            @RestForm String to, @RestForm String maxPerSecond, @RestForm String limit, @RestForm String action) {
        String operator = signedIn(token);
        if (!"dry-run".equals(action) && !"start".equals(action)) {
            throw new BadRequestException("Choose a dry run or a replay");
        }
        DeadLetterQuery query = new DeadLetterQuery(connectorOrFirst(connector), uid, reason, status, from, to);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("filter", query.filter());
        request.put("dryRun", "dry-run".equals(action));
        request.put("maxPerSecond", DeadLetterQuery.number("maxPerSecond", maxPerSecond));
        request.put("limit", DeadLetterQuery.number("limit", limit));
        return api.post(query.connector(), "/ops/replays", request, operator, REPLAY)
                .map(replay -> Response.seeOther(replayPage(query.connector(), replay.id())).build());
    }

    @GET
    @Path("replays/{connector}/{id}")
    public Uni<TemplateInstance> replay(@RestCookie(TokenCookie.NAME) String token, @RestPath String connector,
            @RestPath String id) {
        String operator = signedIn(token);
        return api.get(known(connector), "/ops/replays/" + encodePath(id), Map.of(), operator, REPLAY)
                .map(replay -> Templates.replay(connector, replay));
    }

    @POST
    @Path("replays/{connector}/{id}/{change}")
    public Uni<Response> changeReplay(@RestCookie(TokenCookie.NAME) String token, @RestPath String connector,
            @RestPath String id, @RestPath String change) {
        String operator = signedIn(token);
        if (!List.of("pause", "resume", "cancel").contains(change)) {
            throw new BadRequestException("A replay can be paused, resumed or cancelled, not " + change);
        }
        return api.post(known(connector), "/ops/replays/" + encodePath(id) + "/" + change, null, operator, REPLAY)
                .map(replay -> Response.seeOther(replayPage(connector, replay.id())).build());
    }

    private Uni<ConnectorPanel> panel(String name, String token) {
        return Uni.combine().all().unis(
                api.get(name, "/ops/overview", Map.of("minutes", config.overviewMinutes()), token, OVERVIEW),
                api.get(name, "/ops/dead-letters/summary", Map.of(), token, SUMMARY)).asTuple()
                .map(found -> new ConnectorPanel(name, found.getItem1(), found.getItem2(), chart(found.getItem1()), null))
                .onFailure(ConsolePages::shownInPlace)
                .recoverWithItem(failure -> new ConnectorPanel(name, null, null, null, failure.getMessage()));
    }

    /** The chart's data: minute labels (UTC) and one series per outcome. */
    private String chart(Overview overview) {
        Map<String, List<Object>> series = new LinkedHashMap<>();
        for (String key : List.of("labels", "delivered", "skippedStale", "deadLettered", "retried")) {
            series.put(key, new ArrayList<>());
        }
        for (Overview.Minute minute : overview.minutes()) {
            series.get("labels").add(minute.minute().toString().substring(11, 16));
            series.get("delivered").add(minute.delivered());
            series.get("skippedStale").add(minute.skippedStale());
            series.get("deadLettered").add(minute.deadLettered());
            series.get("retried").add(minute.retried());
        }
        try {
            return json.writeValueAsString(series);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write the chart's data", e);
        }
    }

    /**
     * A connector that does not answer, or refuses, is shown in its own place on a page that shows several; a token
     * the services no longer take sends the operator to sign in again instead.
     */
    private static boolean shownInPlace(Throwable failure) {
        return failure instanceof ApiException api && api.status() != 401;
    }

    private String signedIn(String token) {
        if (blank(token)) {
            throw new NotSignedInException();
        }
        return token;
    }

    private List<String> connectorNames() {
        return List.copyOf(api.connectors().keySet());
    }

    private String connectorOrFirst(String connector) {
        return blank(connector) ? connectorNames().get(0) : known(connector);
    }

    private String known(String connector) {
        if (!api.connectors().containsKey(connector)) {
            throw new BadRequestException("No connector " + connector + "; known: " + String.join(", ", connectorNames()));
        }
        return connector;
    }

    private static URI replayPage(String connector, String id) {
        return URI.create("/replays/" + connector + "/" + encodePath(id));
    }

    private static String encodePath(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
