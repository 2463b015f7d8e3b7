package dev.profilebridge.token.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.fuzz.Answers;
import dev.profilebridge.testsupport.fuzz.FuzzRun;
import dev.profilebridge.testsupport.fuzz.HostileBody;
import dev.profilebridge.testsupport.fuzz.HostileRequest;
import dev.profilebridge.testsupport.fuzz.HttpAbuse;
import dev.profilebridge.testsupport.fuzz.JsonAbuse;
import dev.profilebridge.testsupport.fuzz.KnownFinding;
import dev.profilebridge.testsupport.fuzz.RawHttp;
import dev.profilebridge.token.config.TokenServiceConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The fuzz and abuse suite of {@code POST /oauth/token} (issue #16): generated hostile form and JSON bodies, client
 * authentication, headers and framings, each answered below 500 with an RFC 6749 error (or a token), no error logged,
 * the heap left as it was, and a valid client still served afterwards. Figures in target/fuzz/.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class TokenEndpointFuzzTest {

    static final int CASES = Integer.getInteger("fuzz.cases", 1_000);
    /** What a run may leave on the heap: the throttle keeps each failed client id (at most 100 chars) a while. */
    static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;
    /** RFC 6749 §5.2. */
    static final Set<String> OAUTH_ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope");
    static final Set<Integer> NOT_A_TOKEN_REQUEST = Set.of(404, 405, 406, 415);
    static final String FORM = "application/x-www-form-urlencoded";
    static final String TARGET = "/oauth/token";

    @TestHTTPResource("/")
    URI server;

    @Inject
    TokenServiceConfig config;

    @Test
    void hostileTokenRequestsGetAnOAuthErrorBelow500AndLeaveTheServiceWhole() {
        TokenServiceClient.Registered client = TokenServiceClient.register("profiles:write");
        String basic = "Basic " + HttpAbuse.base64(client.clientId() + ":" + client.secret());
        HostileRequest valid = HostileRequest.post("valid", TARGET,
                List.of(Map.entry("Authorization", basic), Map.entry("Content-Type", FORM)),
                utf8("grant_type=client_credentials"));
        HttpAbuse http = new HttpAbuse(valid, config.maxBodySize().asLongValue());
        Map<String, String> cdcRecord = new LinkedHashMap<>();
        cdcRecord.put("UID", "\"uid-1\"");
        cdcRecord.put("profile", "{\"email\":\"a@example.com\"}");
        cdcRecord.put("grant_type", "\"client_credentials\"");
        JsonAbuse json = new JsonAbuse(cdcRecord, 900_000);

        Arbitrary<HostileRequest> requests = Arbitraries.frequencyOf(
                Tuple.of(12, formAbuse(client)),
                Tuple.of(8, json.bodies().map(body -> withBody(valid, body))),
                Tuple.of(2, Arbitraries.of(List.of(valid))),
                Tuple.of(4, http.authorization(forgedBasic(client))),
                Tuple.of(2, queryAbuse(valid)),
                Tuple.of(2, http.headers()),
                Tuple.of(2, http.framing()),
                Tuple.of(1, http.oversize()));

        FuzzRun.Report report = FuzzRun.run("token-service POST /oauth/token", server, requests, CASES, this::check,
                List.of(KnownFinding.HTTP_LAYER, KnownFinding.STREAMED_OVERSIZE_LOGGED));

        report.assertHeld(HEAP_GROWTH_BOUND);
        // The fuzzed client may be locked out by its failures; a client that did not take part is served.
        TokenServiceClient.Registered fresh = TokenServiceClient.register("profiles:write");
        assertEquals(200, RawHttp.exchange(server, HostileRequest.post("valid", TARGET, List.of(
                Map.entry("Authorization", "Basic " + HttpAbuse.base64(fresh.clientId() + ":" + fresh.secret())),
                Map.entry("Content-Type", FORM)), utf8("grant_type=client_credentials")).toBytes(server),
                Duration.ofSeconds(20)).status());
    }

    private Optional<String> check(HostileRequest request, RawHttp.Answer answer) {
        Optional<String> broken = Answers.answeredWithout5xx(answer);
        if (broken.isPresent()) {
            return broken;
        }
        if (NOT_A_TOKEN_REQUEST.contains(answer.status())) {
            // Refused before the token endpoint is chosen (no such path, method or media type): a problem, as elsewhere.
            return Answers.problem(answer);
        }
        JsonNode body = Answers.json(answer);
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/json") || body == null) {
            return Optional.of("not a JSON object");
        }
        if (answer.status() == 200) {
            return body.path("access_token").isTextual() ? Optional.empty() : Optional.of("200 without a token");
        }
        return OAUTH_ERRORS.contains(body.path("error").asText()) ? Optional.empty()
                : Optional.of("no RFC 6749 error code");
    }

    /** Form bodies: repeated and empty parameters, bad %-encoding, huge values, other grant types and scopes. */
    private static Arbitrary<HostileRequest> formAbuse(TokenServiceClient.Registered client) {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60).map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8)),
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.integers().between(90, 200_000).map("x"::repeat),
                Arbitraries.of("", "%", "%z", "%zz", "%c3%28", "%ed%a0%80", "%00", "%ff%fe", "+", "%2B", "a%",
                        "client_credentials", "CLIENT_CREDENTIALS", "password", "authorization_code",
                        "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer", "client_credentials%00",
                        "profiles:write", "profiles:write profiles:write", "clients:admin", "openid", "*",
                        client.clientId(), client.secret(), client.secret() + "x"));
        Arbitrary<String> name = Arbitraries.of("grant_type", "client_id", "client_secret", "scope", "", "grant_type[]",
                "GRANT_TYPE", "client_id%00", "%zz", "assertion", "redirect_uri");
        Arbitrary<String> pair = Combinators.combine(name, value, Arbitraries.of("=", "", "==")).as(
                (n, v, eq) -> n + eq + v);
        Arbitrary<String> form = pair.list().ofMinSize(0).ofMaxSize(8).map(pairs -> String.join(
                "&", pairs));
        Arbitrary<String> separator = Arbitraries.of("", "&", "&&", ";", "\n");
        Arbitrary<Boolean> withBasic = Arbitraries.of(true, false);
        Arbitrary<String> contentType = Arbitraries.of(FORM, FORM + "; charset=utf-8", FORM + "; charset=iso-8859-1",
                FORM + "; charset=bogus", "APPLICATION/X-WWW-FORM-URLENCODED", "text/plain", "multipart/form-data");
        return Combinators.combine(form, separator, withBasic, contentType).as((f, sep, basic, ct) -> {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            if (basic) {
                headers.add(Map.entry("Authorization",
                        "Basic " + HttpAbuse.base64(client.clientId() + ":" + client.secret())));
            }
            headers.add(Map.entry("Content-Type", ct));
            return HostileRequest.post("form-encoding abuse", TARGET, headers, utf8(sep + f + sep));
        });
    }

    /** Basic credentials of made-up, over-long, oddly encoded or almost-right clients. */
    private static Arbitrary<String> forgedBasic(TokenServiceClient.Registered client) {
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(120),
                Arbitraries.integers().between(99, 100_000).map("c"::repeat),
                Arbitraries.of(client.clientId(), client.clientId().toUpperCase(), client.clientId() + "%00",
                        "%zz", "a%3Ab", "test-admin%", ""));
        Arbitrary<String> secret = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.integers().between(500, 100_000).map("s"::repeat),
                Arbitraries.of(client.secret().substring(1), client.secret() + " ", "%", ""));
        return Combinators.combine(id, secret).as((i, s) -> "Basic " + HttpAbuse.base64(i + ":" + s));
    }

    /** grant_type, scope and credentials in the query string, repeated or contradicting the body. */
    private static Arbitrary<HostileRequest> queryAbuse(HostileRequest valid) {
        return Arbitraries.of("?grant_type=client_credentials", "?grant_type=password",
                "?grant_type=client_credentials&grant_type=client_credentials", "?grant_type=%zz", "?scope=%",
                "?client_secret=x", "?scope=" + "a".repeat(5_000), "?grant_type", "?&&&=", "?grant_type=\u00e9",
                "?;grant_type=client_credentials", "#frag", "?%00=%00")
                .map(query -> valid.withTarget(TARGET + query).withClass("query string abuse"));
    }

    private static HostileRequest withBody(HostileRequest valid, HostileBody body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(
                valid.headers().stream().filter(h -> !h.getKey().equals("Content-Type")).toList());
        if (body.contentType() != null) {
            headers.add(Map.entry("Content-Type", body.contentType()));
        }
        return HostileRequest.post("JSON body (CDC token step): " + body.inputClass(), TARGET, headers, body.bytes());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
