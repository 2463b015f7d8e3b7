package dev.profilebridge.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for token-service in another service's tests: a real HTTP server on a loopback port that publishes a
 * JWKS and a discovery document exactly where token-service does, and signs ES256 access tokens with the claims
 * token-service puts in them. Keys rotate on demand, so verifiers can be tested against an unknown {@code kid}. It
 * also publishes token-service's revocation document ({@code /oauth/revocations}): a client's "not before" and
 * revoked keys, set by a test, and an outage of that document on demand.
 */
public final class TokenIssuerFixture {

    public static final String AUDIENCE = "profile-bridge";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TokenIssuerFixture shared;

    private final HttpServer server;
    private final List<EllipticCurveJsonWebKey> published = new ArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
    private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();
    private volatile boolean revocationsUnavailable;
    private volatile EllipticCurveJsonWebKey active;

    private TokenIssuerFixture() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            respond(exchange, jwks());
        });
        server.createContext("/oauth/revocations", exchange -> {
            if (revocationsUnavailable) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
            } else {
                respond(exchange, revocations());
            }
        });
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange, "{\"issuer\":\""
                + issuer() + "\",\"jwks_uri\":\"" + jwksUrl() + "\",\"token_endpoint\":\"" + issuer()
                + "/oauth/token\"}"));
        server.start();
        rotate();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "token-issuer-fixture-stop"));
    }

    /** The one issuer every test of a JVM shares. */
    public static synchronized TokenIssuerFixture shared() {
        if (shared == null) {
            shared = new TokenIssuerFixture();
        }
        return shared;
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUrl() {
        return issuer() + "/.well-known/jwks.json";
    }

    public String revocationsUrl() {
        return issuer() + "/oauth/revocations";
    }

    /** How often verifiers fetched the JWKS. */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** A new active key; the previous ones stay published. */
    public synchronized String rotate() {
        active = newKey();
        published.add(active);
        return active.getKeyId();
    }

    /** The {@code kid} that signs now. */
    public String activeKid() {
        return active.getKeyId();
    }

    /** As token-service does when a client is disabled: its tokens issued before {@code instant} are revoked. */
    public void revokeTokensOf(String clientId, Instant instant) {
        // iat has whole seconds: a token issued within the second before the instant is revoked too.
        notBefore.put(clientId, instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0));
    }

    /** As an emergency key rotation does: every token the key signed is revoked (it stays in this JWKS). */
    public void revokeKey(String kid) {
        revokedKeys.add(kid);
    }

    /** Takes a key off the revocation document again, so later tests can use it. */
    public void reinstateKey(String kid) {
        revokedKeys.remove(kid);
    }

    /** While true, the revocation document answers 503, as when token-service is unreachable. */
    public void revocationsUnavailable(boolean unavailable) {
        revocationsUnavailable = unavailable;
    }

    /** A token as token-service issues it: valid for an hour, for our audience, with the given scope. */
    public String token(String clientId, String scope) {
        return token(clientId, scope, claims -> {
        });
    }

    /** A token whose claims a test adjusts (expired, another audience...) before it is signed. */
    public String token(String clientId, String scope, Consumer<JwtClaims> adjust) {
        return sign(active, claims(clientId, scope, adjust), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    }

    /** A well-formed token signed by a key that was never published. */
    public String tokenFromUnknownKey(String clientId, String scope) {
        return sign(newKey(), claims(clientId, scope, c -> {
        }), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid claims. */
    public String unsignedToken(String clientId, String scope) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(clientId, scope, c -> {
        }).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtClaims claims(String clientId, String scope, Consumer<JwtClaims> adjust) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setSubject(clientId);
        claims.setAudience(AUDIENCE);
        claims.setClaim("client_id", clientId);
        claims.setClaim("scope", scope);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(60);
        claims.setJwtId(UUID.randomUUID().toString());
        adjust.accept(claims);
        return claims;
    }

    private static String sign(EllipticCurveJsonWebKey key, JwtClaims claims, String algorithm) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(algorithm);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private String revocations() {
        try {
            return JSON.writeValueAsString(Map.of("notBefore", notBefore, "revokedKeys", revokedKeys));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized String jwks() {
        return new JsonWebKeySet(new ArrayList<JsonWebKey>(published)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static EllipticCurveJsonWebKey newKey() {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(UUID.randomUUID().toString());
            key.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
