package dev.profilebridge.connector.sap;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;

/**
 * Bearer headers from a quarkus-oidc-client (OAuth 2.0 client credentials): the token is fetched once, kept, and
 * fetched again {@code refreshBefore} its expiry; concurrent callers share one fetch, a failed fetch is forgotten.
 */
public final class OAuthBearerTokens implements Supplier<Uni<String>> {

    private record Cached(String header, Instant refreshAt) {
    }

    private final Duration refreshBefore;
    private final SharedFetch<Cached> tokens;

    public OAuthBearerTokens(OidcClient client, Duration refreshBefore) {
        this.refreshBefore = refreshBefore;
        this.tokens = new SharedFetch<>(() -> client.getTokens().map(this::cache));
    }

    @Override
    public Uni<String> get() {
        return tokens.get(cached -> Instant.now().isBefore(cached.refreshAt())).map(Cached::header);
    }

    private Cached cache(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        Instant refreshAt = expiresAt == null ? Instant.now().plus(Duration.ofMinutes(5))
                : Instant.ofEpochSecond(expiresAt).minus(refreshBefore);
        return new Cached("Bearer " + tokens.getAccessToken(), refreshAt);
    }
}
