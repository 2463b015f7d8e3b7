package dev.profilebridge.token.domain;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.keys.NativeSignatureProvider;
import dev.profilebridge.token.keys.SigningKeySnapshot;
import dev.profilebridge.token.keys.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;

/** Signs access tokens (ES256 JWTs) with the active key, reusing a just-issued token within the reuse window. */
@ApplicationScoped
public class TokenIssuer {

    public record IssuedToken(String accessToken, String kid, Instant issuedAt, Instant expiresAt, String scope) {

        public long expiresInSeconds(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).toSeconds());
        }
    }

    /**
     * Each thread's own random source for the token id and the JDK's signature nonce. The JDK's default one is a
     * single instance whose every use takes one lock (a profile of signing every token with the JDK's provider showed
     * about as many samples in it as in the signing arithmetic). A DRBG per thread is seeded from the system's
     * entropy like the default one.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(TokenIssuer::newRandom);

    private final Map<String, IssuedToken> recent = new ConcurrentHashMap<>();
    private final SigningKeys keys;
    private final TokenServiceConfig config;
    private final NativeSignatureProvider nativeProvider;

    TokenIssuer(SigningKeys keys, TokenServiceConfig config, NativeSignatureProvider nativeProvider) {
        this.keys = keys;
        this.config = config;
        this.nativeProvider = nativeProvider;
    }

    public IssuedToken issue(AuthenticatedClient client, Set<String> scopes, Instant now) {
        String scope = Scopes.format(scopes);
        String reuseKey = client.clientId() + ' ' + scope;
        IssuedToken last = recent.get(reuseKey);
        if (last != null && isReusable(last, client, now)) {
            return last;
        }
        IssuedToken fresh = sign(client, scope, now);
        recent.put(reuseKey, fresh);
        return fresh;
    }

    /** Forgets a client's recent tokens, so that its next request gets a new one (after disable or rotation). */
    public void forget(String clientId) {
        recent.keySet().removeIf(key -> key.startsWith(clientId + ' '));
    }

    private boolean isReusable(IssuedToken token, AuthenticatedClient client, Instant now) {
        Duration window = config.tokens().reuseWindow();
        // Reuse only while the token is young, still has most of its life (callers cache what they get), was
        // signed by the key that signs now (after a rotation, clients move to the new key at once), was not revoked
        // (another replica may have revoked it after this one issued it), and does not outlive the presented secret.
        return token.kid().equals(keys.current().activeKid())
                && (client.tokensNotBefore() == null || !token.issuedAt().isBefore(client.tokensNotBefore()))
                && (client.secretExpiresAt() == null || !token.expiresAt().isAfter(client.secretExpiresAt()))
                && Duration.between(token.issuedAt(), now).compareTo(window) < 0
                && Duration.between(now, token.expiresAt()).compareTo(window) > 0;
    }

    private IssuedToken sign(AuthenticatedClient client, String scope, Instant now) {
        Duration lifetime = client.tokenLifetime().compareTo(config.tokens().maxLifetime()) > 0
                ? config.tokens().maxLifetime()
                : client.tokenLifetime();
        Instant issuedAt = issuedAt(client, now);
        Instant expiresAt = issuedAt.plus(lifetime);
        if (client.secretExpiresAt() != null && client.secretExpiresAt().isBefore(expiresAt)) {
            // A secret in its grace period after a rotation: its tokens end with it, so that no token outlives the
            // secret it was issued for (the revocation at the grace period's end covers the ones from before).
            expiresAt = client.secretExpiresAt();
        }
        SigningKeySnapshot signing = keys.current();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(client.clientId());
        claims.setAudience(config.audience());
        claims.setClaim("client_id", client.clientId());
        claims.setClaim("scope", scope);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setJwtId(tokenId());
        String token = signed(claims, signing);
        return new IssuedToken(token, signing.activeKid(), issuedAt, expiresAt, scope);
    }

    /**
     * jose4j directly rather than SmallRye JWT's builder (which signs through jose4j too): only jose4j takes the
     * provider that signs ({@link NativeSignatureProvider}) and the random source for the JDK's signature
     * ({@link #RANDOM}).
     */
    private String signed(JwtClaims claims, SigningKeySnapshot signing) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setHeader("typ", "JWT");
        jws.setKeyIdHeaderValue(signing.activeKid());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKey(nativeProvider.signingKey(signing.activeKey()));
        ProviderContext provider = new ProviderContext();
        provider.setSecureRandom(RANDOM.get());
        nativeProvider.name().ifPresent(name -> provider.getSuppliedKeyProviderContext().setSignatureProvider(name));
        jws.setProviderContext(provider);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("The token could not be signed with key " + signing.activeKid(), e);
        }
    }

    /** 128 random bits (a random UUID holds 122), without the JDK's shared generator. */
    private static String tokenId() {
        byte[] id = new byte[16];
        RANDOM.get().nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK's DRBG is not available", e);
        }
    }

    /**
     * Now, unless the client's tokens were revoked within this second (disabled and enabled again at once): then
     * the next second, as {@code iat} has whole seconds and one equal to the revocation's would count as revoked.
     */
    private static Instant issuedAt(AuthenticatedClient client, Instant now) {
        if (client.tokensNotBefore() == null) {
            return now;
        }
        Instant notBefore = Instant.ofEpochSecond(TokenRevocations.epochSecondsNotBefore(client.tokensNotBefore()));
        return notBefore.isAfter(now) ? notBefore : now;
    }
}
