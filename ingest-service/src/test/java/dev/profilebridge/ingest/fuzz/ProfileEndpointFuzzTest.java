package dev.profilebridge.ingest.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.profilebridge.ingest.config.IngestConfig;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TokenIssuerResource;
import dev.profilebridge.testsupport.fuzz.Answers;
import dev.profilebridge.testsupport.fuzz.FuzzRun;
import dev.profilebridge.testsupport.fuzz.HostileBody;
import dev.profilebridge.testsupport.fuzz.HostileRequest;
import dev.profilebridge.testsupport.fuzz.HttpAbuse;
import dev.profilebridge.testsupport.fuzz.JsonAbuse;
import dev.profilebridge.testsupport.fuzz.KnownFinding;
import dev.profilebridge.testsupport.fuzz.RawHttp;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * The fuzz and abuse suite of {@code POST /v1/profiles} (issue #16): generated hostile bodies, headers and framings,
 * each answered below 500 with an RFC 9457 problem (or accepted), no error logged, the heap left as it was, and the
 * endpoint still serving a valid request afterwards. Figures in target/fuzz/.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class ProfileEndpointFuzzTest {

    static final int CASES = Integer.getInteger("fuzz.cases", 1_000);
    /** What a run may leave on the heap: caches are bounded well below this (the verified-token cache, receipts). */
    static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

    private static final TokenIssuerFixture ISSUER = TokenIssuerFixture.shared();

    @TestHTTPResource("/")
    URI server;

    @Inject
    IngestConfig config;

    @Test
    void hostileRequestsGetAProblemBelow500AndLeaveTheServiceWhole() {
        String token = ISSUER.token("cdc-fuzz", "profiles:write");
        Map<String, String> account = new LinkedHashMap<>();
        account.put("UID", "\"fuzz-uid-1\"");
        account.put("lastUpdatedTimestamp", "1732441200123");
        account.put("profile", "{\"firstName\":\"Zoë\",\"email\":\"zoe@example.com\"}");
        account.put("preferences", "{\"marketing.email\":{\"isConsentGranted\":true}}");
        account.put("isActive", "true");
        account.put("records", "[]");
        JsonAbuse json = new JsonAbuse(account, 1_000_000);
        HostileRequest valid = request(new HostileBody("valid", utf8(json.valid()), "application/json"), token);
        HttpAbuse http = new HttpAbuse(valid, config.maxBodySize().asLongValue());

        Arbitrary<HostileRequest> requests = Arbitraries.frequencyOf(
                Tuple.of(22, json.bodies().map(body -> request(body, token))),
                Tuple.of(3, Arbitraries.of(List.of(valid))),
                Tuple.of(3, http.authorization(forgedTokens())),
                Tuple.of(2, http.headers()),
                Tuple.of(2, http.framing()),
                Tuple.of(1, http.oversize()));

        FuzzRun.Report report = FuzzRun.run("ingest POST /v1/profiles", server, requests, CASES, this::check,
                List.of(KnownFinding.HTTP_LAYER, KnownFinding.STREAMED_OVERSIZE_LOGGED));

        report.assertHeld(HEAP_GROWTH_BOUND);
        RawHttp.Answer after = RawHttp.exchange(server, valid.toBytes(server), java.time.Duration.ofSeconds(20));
        assertEquals(202, after.status(), "a valid request after the run: " + after.bodyText());
    }

    private Optional<String> check(HostileRequest request, RawHttp.Answer answer) {
        Optional<String> broken = Answers.answeredWithout5xx(answer);
        if (broken.isPresent() || answer.status() == 202) {
            return broken;
        }
        return Answers.problem(answer);
    }

    /** Tokens ingest must refuse: unknown key, unsigned, expired, another audience or issuer, wrong scope, tampered. */
    private static Arbitrary<String> forgedTokens() {
        String valid = ISSUER.token("cdc-fuzz", "profiles:write");
        String[] parts = valid.split("\\.");
        return Arbitraries.of(
                "Bearer " + ISSUER.tokenFromUnknownKey("cdc-fuzz", "profiles:write"),
                "Bearer " + ISSUER.unsignedToken("cdc-fuzz", "profiles:write"),
                "Bearer " + ISSUER.token("cdc-fuzz", "profiles:write", c -> c.setExpirationTimeMinutesInTheFuture(-10)),
                "Bearer " + ISSUER.token("cdc-fuzz", "profiles:write", c -> c.setAudience("another")),
                "Bearer " + ISSUER.token("cdc-fuzz", "profiles:write", c -> c.setIssuer("https://evil.example")),
                "Bearer " + ISSUER.token("cdc-fuzz", "dlq:operate"),
                "Bearer " + ISSUER.token("cdc-fuzz", ""),
                "Bearer " + parts[0] + "." + parts[1] + "x." + parts[2],
                "Bearer " + parts[0] + "." + parts[1] + ".",
                "Bearer " + parts[0] + ".." + parts[2],
                "Bearer " + valid + valid,
                "Basic " + java.util.Base64.getEncoder().encodeToString("cdc:secret".getBytes(StandardCharsets.UTF_8)));
    }

    private static HostileRequest request(HostileBody body, String token) {
        List<Map.Entry<String, String>> headers = new java.util.ArrayList<>();
        headers.add(Map.entry("Authorization", "Bearer " + token));
        if (body.contentType() != null) {
            headers.add(Map.entry("Content-Type", body.contentType()));
        }
        return HostileRequest.post(body.inputClass(), "/v1/profiles", headers, body.bytes());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
