package dev.profilebridge.token.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.keys.SigningKeySnapshot;
import dev.profilebridge.token.keys.SigningKeyStubs;

/**
 * Issued tokens: reused only while young, unrevoked and signed by the active key; never longer-lived than the
 * service's maximum or the secret they were issued for; never dated at or before a revocation of the client's tokens.
 */
class TokenIssuerTest {

    private static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final Duration REUSE_WINDOW = Duration.ofMinutes(2);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Set<String> SCOPES = Set.of(Scopes.PROFILES_WRITE);

    private final AtomicReference<SigningKeySnapshot> keys = new AtomicReference<>(snapshot("key-1"));
    private final TokenIssuer issuer = issuer(true);

    @ParameterizedTest(name = "native signing {0}")
    @ValueSource(booleans = { true, false })
    void aTokenIsAnEs256JwtTheJdksOwnProviderVerifies(boolean nativeSigning) throws Exception {
        TokenIssuer.IssuedToken token = issuer(nativeSigning).issue(client("cdc", null, null), SCOPES, NOW);

        String[] parts = token.accessToken().split("\\.");
        assertEquals(3, parts.length);
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
        jdk.initVerify(keys.get().publicKeys().get("key-1"));
        jdk.update((parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(jdk.verify(Base64.getUrlDecoder().decode(parts[2])), "signature verified by SunEC");
        Map<String, Object> header = JsonUtil.parseJson(decoded(parts[0]));
        assertEquals(Map.of("alg", "ES256", "kid", "key-1", "typ", "JWT"), header);
        Map<String, Object> claims = JsonUtil.parseJson(decoded(parts[1]));
        assertEquals("https://token.example", claims.get("iss"));
        assertEquals("cdc", claims.get("sub"));
        assertEquals("cdc", claims.get("client_id"));
        assertEquals("profile-bridge", claims.get("aud"));
        assertEquals(Scopes.PROFILES_WRITE, claims.get("scope"));
        assertEquals(NOW.getEpochSecond(), claims.get("iat"));
        assertEquals(NOW.plus(Duration.ofMinutes(30)).getEpochSecond(), claims.get("exp"));
        assertEquals(16, Base64.getUrlDecoder().decode((String) claims.get("jti")).length, "128 random bits");
        assertNotEquals(claims.get("jti"), JsonUtil.parseJson(decoded(issuer(nativeSigning)
                .issue(client("cdc", null, null), SCOPES, NOW).accessToken().split("\\.")[1])).get("jti"));
    }

    @Test
    void onLinuxX8664TheNativeProviderSignsUnlessTurnedOff() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the provider's jar carries its library for Linux x86-64 only");

        assertEquals(Optional.of("AmazonCorrettoCryptoProvider"), SigningKeyStubs.signatureProvider(config(true)).name());
        assertEquals(Optional.empty(), SigningKeyStubs.signatureProvider(config(false)).name());
    }

    @Test
    void aYoungTokenIsReusedForTheSameClientAndScope() {
        TokenIssuer.IssuedToken first = issuer.issue(client("cdc", null, null), SCOPES, NOW);

        assertSame(first, issuer.issue(client("cdc", null, null), SCOPES, NOW.plus(REUSE_WINDOW).minusSeconds(1)));
        assertNotEquals(first.accessToken(), issuer.issue(client("other", null, null), SCOPES, NOW).accessToken(),
                "another client gets its own");
        assertNotEquals(first.accessToken(), issuer.issue(client("cdc", null, null), Set.of(Scopes.DLQ_OPERATE), NOW)
                .accessToken(), "another scope gets its own");
    }

    @Test
    void aTokenOlderThanTheReuseWindowIsNotReused() {
        TokenIssuer.IssuedToken first = issuer.issue(client("cdc", null, null), SCOPES, NOW);

        TokenIssuer.IssuedToken later = issuer.issue(client("cdc", null, null), SCOPES, NOW.plus(REUSE_WINDOW));
        assertNotEquals(first.accessToken(), later.accessToken());
        assertEquals(NOW.plus(REUSE_WINDOW), later.issuedAt());
    }

    @Test
    void afterARotationTheNewKeySignsAtOnce() {
        TokenIssuer.IssuedToken first = issuer.issue(client("cdc", null, null), SCOPES, NOW);
        keys.set(snapshot("key-2"));

        TokenIssuer.IssuedToken next = issuer.issue(client("cdc", null, null), SCOPES, NOW.plusSeconds(1));
        assertEquals("key-1", first.kid());
        assertEquals("key-2", next.kid());
    }

    @Test
    void aForgottenClientGetsANewToken() {
        TokenIssuer.IssuedToken first = issuer.issue(client("cdc", null, null), SCOPES, NOW);
        issuer.forget("cdc");

        assertNotEquals(first.accessToken(), issuer.issue(client("cdc", null, null), SCOPES, NOW).accessToken());
    }

    @Test
    void aTokenIssuedBeforeTheClientsTokensWereRevokedIsNotReused() {
        TokenIssuer.IssuedToken first = issuer.issue(client("cdc", null, null), SCOPES, NOW);

        TokenIssuer.IssuedToken after = issuer.issue(client("cdc", NOW.plusSeconds(5), null), SCOPES, NOW.plusSeconds(5));
        assertNotEquals(first.accessToken(), after.accessToken());
    }

    @Test
    void aTokenIssuedInTheSecondOfARevocationIsDatedTheNextSecond() {
        Instant revokedAt = NOW.plusMillis(300);

        TokenIssuer.IssuedToken token = issuer.issue(client("cdc", revokedAt, null), SCOPES, NOW.plusMillis(500));
        assertEquals(NOW.plusSeconds(1), token.issuedAt());
    }

    @Test
    void aClientsLifetimeIsCappedAtTheServicesMaximum() {
        TokenIssuer.IssuedToken token = issuer.issue(client("cdc", null, null, Duration.ofHours(5)), SCOPES, NOW);

        assertEquals(NOW.plus(MAX_LIFETIME), token.expiresAt());
        assertEquals(MAX_LIFETIME.toSeconds(), token.expiresInSeconds(NOW));
        assertEquals(0, token.expiresInSeconds(NOW.plus(MAX_LIFETIME).plusSeconds(1)));
    }

    @Test
    void aTokenEndsWithTheSecretItWasIssuedFor() {
        Instant secretExpires = NOW.plus(Duration.ofMinutes(20));

        TokenIssuer.IssuedToken token = issuer.issue(client("cdc", null, secretExpires), SCOPES, NOW);
        assertEquals(secretExpires, token.expiresAt());
        assertNotEquals(token.accessToken(), issuer.issue(client("cdc", null, NOW.plusSeconds(30)), SCOPES,
                NOW.plusSeconds(1)).accessToken(), "a token outliving a newly shortened secret is not reused");
    }

    @Test
    void aTokenCloseToItsExpiryIsNotReused() {
        Instant secretExpires = NOW.plus(REUSE_WINDOW).plusSeconds(30);
        TokenIssuer.IssuedToken first = issuer.issue(client("cdc", null, secretExpires), SCOPES, NOW);

        TokenIssuer.IssuedToken next = issuer.issue(client("cdc", null, secretExpires), SCOPES, NOW.plusSeconds(31));
        assertNotEquals(first.accessToken(), next.accessToken(), "less than the reuse window of life left");
    }

    private TokenIssuer issuer(boolean nativeSigning) {
        return new TokenIssuer(SigningKeyStubs.holding(keys::get), config(nativeSigning),
                SigningKeyStubs.signatureProvider(config(nativeSigning)));
    }

    private static String decoded(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static AuthenticatedClient client(String id, Instant tokensNotBefore, Instant secretExpiresAt) {
        return client(id, tokensNotBefore, secretExpiresAt, Duration.ofMinutes(30));
    }

    private static AuthenticatedClient client(String id, Instant tokensNotBefore, Instant secretExpiresAt,
            Duration lifetime) {
        return new AuthenticatedClient(id, true, SCOPES, lifetime, tokensNotBefore, secretExpiresAt);
    }

    private static SigningKeySnapshot snapshot(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKeySnapshot(kid, pair.getPrivate(), Map.of(kid, pair.getPublic()), "{\"keys\":[]}",
                    Optional.empty());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenServiceConfig config(boolean nativeSigning) {
        TokenServiceConfig.Tokens tokens = (TokenServiceConfig.Tokens) Proxy.newProxyInstance(
                TokenIssuerTest.class.getClassLoader(), new Class<?>[] { TokenServiceConfig.Tokens.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "maxLifetime" -> MAX_LIFETIME;
                    case "reuseWindow" -> REUSE_WINDOW;
                    case "nativeSigning" -> nativeSigning;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (TokenServiceConfig) Proxy.newProxyInstance(TokenIssuerTest.class.getClassLoader(),
                new Class<?>[] { TokenServiceConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "tokens" -> tokens;
                    case "issuer" -> "https://token.example";
                    case "audience" -> "profile-bridge";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
