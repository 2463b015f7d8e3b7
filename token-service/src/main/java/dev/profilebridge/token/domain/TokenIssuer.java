package dev.profilebridge.token.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.keys.SigningKeySnapshot;
import dev.profilebridge.token.keys.SigningKeys;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

/** Signs access tokens (ES256 JWTs) with the active key, reusing a just-issued token within the reuse window. */
@ApplicationScoped
public class TokenIssuer {

    public record IssuedToken(String accessToken, String kid, Instant issuedAt, Instant expiresAt, String scope) {

        public long expiresInSeconds(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).toSeconds());
        }
    }

    private final Map<String, IssuedToken> recent = new ConcurrentHashMap<>();
    private final SigningKeys keys;
    private final TokenServiceConfig config;

    TokenIssuer(SigningKeys keys, TokenServiceConfig config) {
        this.keys = keys;
        this.config = config;
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
        String token = Jwt.issuer(config.issuer())
                .subject(client.clientId())
                .audience(config.audience())
                .claim("client_id", client.clientId())
                .claim("scope", scope)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .claim("jti", UUID.randomUUID().toString())
                .jws()
                .keyId(signing.activeKid())
                .algorithm(SignatureAlgorithm.ES256)
                .sign(signing.activeKey());
        return new IssuedToken(token, signing.activeKid(), issuedAt, expiresAt, scope);
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
