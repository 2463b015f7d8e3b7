package dev.profilebridge.token.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
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
 * The fuzz and abuse suite of token-service's admin API (issue #16): hostile registration and rotation bodies, path
 * segments, methods, forged or missing admin tokens, headers and framings, each answered below 500 with an RFC 9457
 * problem (or done), no error logged, the heap left as it was, and the API still serving afterwards. Figures in
 * target/fuzz/. The admin client's own id and the key rotation are never targets with a valid token: the run must
 * not lock out or disable the administrator, nor rotate keys a thousand times.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class AdminApiFuzzTest {

    static final int CASES = Integer.getInteger("fuzz.cases", 1_000);
    static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;
    static final String JSON = "application/json";
    /** As long as the ids that replace it, so that a body's length and byte positions stay as generated. */
    static final String TEMPLATE_ID = "fuzz-registered";

    @TestHTTPResource("/")
    URI server;

    @Inject
    TokenServiceConfig config;

    @Test
    void hostileAdminRequestsGetAProblemBelow500AndLeaveTheServiceWhole() {
        String admin = "Bearer " + TokenServiceClient.adminToken();
        TokenServiceClient.Registered target = TokenServiceClient.register("profiles:write");
        String operator = TokenServiceClient.token(target.clientId(), target.secret());

        Map<String, String> registration = new LinkedHashMap<>();
        registration.put("clientId", "\"" + TEMPLATE_ID + "\"");
        registration.put("description", "\"Registered by the fuzz suite\"");
        registration.put("scopes", "[\"profiles:write\"]");
        registration.put("tokenLifetimeSeconds", "900");
        JsonAbuse creation = new JsonAbuse(registration, 900_000);
        JsonAbuse rotation = new JsonAbuse(Map.of("gracePeriodSeconds", "60"), 900_000);
        String rotate = "/admin/clients/" + target.clientId() + "/secrets";
        HostileRequest valid = request("valid", "POST", "/admin/clients", admin,
                new HostileBody("valid", utf8(creation.valid()), JSON));
        HttpAbuse http = new HttpAbuse(valid, config.maxBodySize().asLongValue());

        Arbitrary<HostileRequest> requests = Arbitraries.frequencyOf(
                Tuple.of(10, creation.bodies().map(b -> request("registration: " + b.inputClass(), "POST",
                        "/admin/clients", admin, withNewClientId(b)))),
                Tuple.of(5, rotation.bodies().map(b -> request("secret rotation: " + b.inputClass(), "POST", rotate,
                        admin, b))),
                Tuple.of(4, paths(admin)),
                Tuple.of(4, http.authorization(forgedTokens(operator))),
                Tuple.of(1, keyRotationWithoutAdmin(operator)),
                Tuple.of(2, http.headers()),
                Tuple.of(2, http.framing()),
                Tuple.of(1, http.oversize()));

        FuzzRun.Report report = FuzzRun.run("token-service admin API", server, requests, CASES, this::check,
                List.of(KnownFinding.HTTP_LAYER, KnownFinding.STREAMED_OVERSIZE_LOGGED));

        report.assertHeld(HEAP_GROWTH_BOUND);
        assertEquals(200, RawHttp.exchange(server, request("valid", "GET", "/admin/clients/" + target.clientId(),
                "Bearer " + TokenServiceClient.adminToken(), new HostileBody("valid", new byte[0], null))
                .toBytes(server), Duration.ofSeconds(20)).status());
    }

    private Optional<String> check(HostileRequest request, RawHttp.Answer answer) {
        Optional<String> broken = Answers.answeredWithout5xx(answer);
        if (broken.isPresent() || answer.status() < 400) {
            return broken;
        }
        if ("HEAD".equals(request.method())) { // no body to check, but the media type of the one it would have
            String type = answer.header("content-type");
            return type != null && type.startsWith("application/problem+json") ? Optional.empty()
                    : Optional.of("not application/problem+json");
        }
        return Answers.problem(answer);
    }

    private final AtomicInteger registrations = new AtomicInteger();

    /** Each registration its own id, so a defect is not hidden behind the 409 of an id taken by an earlier case. */
    private HostileBody withNewClientId(HostileBody body) {
        String text = new String(body.bytes(), StandardCharsets.ISO_8859_1);
        String unique = String.format("fuzz-%010d", registrations.incrementAndGet());
        return new HostileBody(body.inputClass(), text.replace(TEMPLATE_ID, unique).getBytes(StandardCharsets.ISO_8859_1),
                body.contentType());
    }

    /** Path segments and methods: odd client ids, encodings, traversal, unknown routes, other methods. */
    private static Arbitrary<HostileRequest> paths(String admin) {
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().withChars("-._~")
                .ofMinLength(1).ofMaxLength(120),
                Arbitraries.integers().between(101, 7_000).map("i"::repeat),
                Arbitraries.of("%00", "%2F", "%2e%2e", "..", ".", "%zz", "%", "%c3%28", "%ed%a0%80", "a;b=c", "%20",
                        "%E2%80%AE", "a%0d%0aX-Injected:%201", "*", "[]", "{x}", "test-admin%00"));
        Arbitrary<String> suffix = Arbitraries.of("", "/", "/disable", "/enable", "/secrets", "/secrets/x", "//",
                "?x=%zz", "/..", "/%2e%2e/%2e%2e/q", "#x");
        Arbitrary<String> method = Arbitraries.of("GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
                "TRACE");
        return Combinators.combine(method, id, suffix).as((m, i, s) -> {
            String path = "/admin/clients/" + i + s;
            boolean changesTheAdmin = i.startsWith("test-admin") && !i.equals("test-admin%00");
            return request("paths and methods", m, changesTheAdmin ? "/admin/clients/unknown" : path, admin,
                    new HostileBody("paths", "POST".equals(m) ? utf8("{}") : new byte[0], JSON));
        });
    }

    /** Admin tokens that must be refused: another client's, another issuer's, unsigned, tampered, garbage. */
    private static Arbitrary<String> forgedTokens(String operator) {
        TokenIssuerFixture foreign = TokenIssuerFixture.shared();
        String[] parts = operator.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String escalated = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.replace("profiles:write", "clients:admin").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.of("Bearer " + operator,
                "Bearer " + parts[0] + "." + escalated + "." + parts[2],
                "Bearer " + foreign.token("test-admin", "clients:admin"),
                "Bearer " + foreign.unsignedToken("test-admin", "clients:admin"),
                "Bearer " + parts[0] + "." + parts[1] + ".",
                "Bearer " + parts[0] + "." + parts[1],
                "Bearer " + operator + " " + operator,
                "Bearer " + operator.toUpperCase(),
                "Basic " + HttpAbuse.base64("test-admin:test-admin-secret-0123456789"));
    }

    private static Arbitrary<HostileRequest> keyRotationWithoutAdmin(String operator) {
        return Arbitraries.of("", "Bearer " + operator, "Bearer x.y.z", "Basic eDp5")
                .map(auth -> request("key rotation without an admin token", "POST", "/admin/keys/rotate", auth,
                        new HostileBody("empty", new byte[0], null)));
    }

    private static HostileRequest request(String inputClass, String method, String target, String authorization,
            HostileBody body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (!authorization.isEmpty()) {
            headers.add(Map.entry("Authorization", authorization));
        }
        if (body.contentType() != null) {
            headers.add(Map.entry("Content-Type", body.contentType()));
        }
        return new HostileRequest(inputClass, method, target, headers, body.bytes(),
                HostileRequest.Framing.CONTENT_LENGTH);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
