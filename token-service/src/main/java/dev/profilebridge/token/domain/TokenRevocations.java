package dev.profilebridge.token.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.keys.SigningKeys;
import dev.profilebridge.token.persistence.TokenRevocation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Per-client "not before" instants: a disabled client's tokens, and those of a rotated secret, stop counting at
 * every verifier that polls {@code /oauth/revocations}, while clients whose tokens were not revoked keep theirs (the
 * CDC dataflow fetches one token per job run, and runs may be long).
 */
@ApplicationScoped
public class TokenRevocations {

    private final TokenServiceConfig config;

    TokenRevocations(TokenServiceConfig config) {
        this.config = config;
    }

    /** Within the caller's transaction: the client's tokens issued before {@code notBefore} are revoked from {@code effectiveAt}. */
    static Uni<Void> revoke(String clientId, Instant notBefore, Instant effectiveAt) {
        TokenRevocation revocation = new TokenRevocation();
        revocation.clientId = clientId;
        revocation.notBefore = notBefore;
        revocation.effectiveAt = effectiveAt;
        return revocation.persist().replaceWithVoid();
    }

    /**
     * The document as of {@code now}. Revocations whose tokens have all expired (older than the longest token
     * lifetime) are left out: they no longer matter.
     */
    public Uni<Map<String, Object>> published(Instant now) {
        Instant oldestThatMatters = now.minus(config.tokens().maxLifetime());
        return Panache.withSession(() -> TokenRevocation.<TokenRevocation> list(
                "effectiveAt <= ?1 and notBefore > ?2 order by notBefore", now, oldestThatMatters)
                .chain(revocations -> SigningKeys.revokedKids().map(kids -> document(revocations, kids))));
    }

    private static Map<String, Object> document(List<TokenRevocation> revocations, List<String> revokedKids) {
        Map<String, Long> notBefore = new LinkedHashMap<>();
        revocations.forEach(r -> notBefore.merge(r.clientId, epochSecondsNotBefore(r.notBefore), Math::max));
        return Map.of("notBefore", notBefore, "revokedKeys", revokedKids);
    }

    /**
     * A token's {@code iat} has whole seconds: a token issued in the same second before {@code instant} must count as
     * earlier, so the instant is rounded up. {@link TokenIssuer} never issues an {@code iat} below it.
     */
    static long epochSecondsNotBefore(Instant instant) {
        return instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    }
}
