package dev.profilebridge.connector.sap;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
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

    private final OidcClient client;
    private final Duration refreshBefore;
    private final AtomicReference<Uni<Cached>> current = new AtomicReference<>();

    public OAuthBearerTokens(OidcClient client, Duration refreshBefore) {
        this.client = client;
        this.refreshBefore = refreshBefore;
    }

    @Override
    public Uni<String> get() {
        Uni<Cached> cached = current.get();
        Uni<Cached> tokens = cached == null ? fetch() : cached.chain(c -> Instant.now().isBefore(c.refreshAt())
                ? Uni.createFrom().item(c)
                : fetch());
        return tokens.map(Cached::header);
    }

    private Uni<Cached> fetch() {
        Uni<Cached> fetch = client.getTokens().map(this::cache).memoize().indefinitely();
        current.set(fetch);
        return fetch.onFailure().invoke(() -> current.compareAndSet(fetch, null));
    }

    private Cached cache(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        Instant refreshAt = expiresAt == null ? Instant.now().plus(Duration.ofMinutes(5))
                : Instant.ofEpochSecond(expiresAt).minus(refreshBefore);
        return new Cached("Bearer " + tokens.getAccessToken(), refreshAt);
    }
}
