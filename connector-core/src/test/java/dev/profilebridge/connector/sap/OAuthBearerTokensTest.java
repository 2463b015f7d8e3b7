package dev.profilebridge.connector.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientException;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;

/** The OAuth 2.0 token: fetched once and kept until shortly before it expires; a failed fetch is not kept. */
class OAuthBearerTokensTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final AtomicInteger fetches = new AtomicInteger();

    @Test
    void aFailedTokenFetchIsForgottenAndTheNextCallFetchesAgain() {
        OAuthBearerTokens tokens = new OAuthBearerTokens(server(fetch -> fetch == 1
                ? Uni.createFrom().failure(new OidcClientException("token endpoint answered 503"))
                : Uni.createFrom().item(token("token-" + fetch, Instant.now().plusSeconds(3600)))), Duration.ofSeconds(30));

        assertThrows(OidcClientException.class, () -> tokens.get().await().atMost(WAIT));
        assertEquals("Bearer token-2", tokens.get().await().atMost(WAIT));
        assertEquals("Bearer token-2", tokens.get().await().atMost(WAIT), "the good token is kept");
        assertEquals(2, fetches.get());
    }

    @Test
    void aTokenIsFetchedAgainOnceWithinRefreshBeforeOfItsExpiry() {
        OAuthBearerTokens tokens = new OAuthBearerTokens(server(fetch -> Uni.createFrom().item(
                token("token-" + fetch, Instant.now().plusSeconds(20)))), Duration.ofSeconds(30));

        assertEquals("Bearer token-1", tokens.get().await().atMost(WAIT));
        assertEquals("Bearer token-2", tokens.get().await().atMost(WAIT), "expires within refresh-before: renewed");
    }

    private static Tokens token(String accessToken, Instant expiresAt) {
        return new Tokens(accessToken, expiresAt.getEpochSecond(), null, null, null, null, null);
    }

    /** A token endpoint that answers its n-th fetch as the test says. */
    private OidcClient server(IntFunction<Uni<Tokens>> answer) {
        return new OidcClient() {
            @Override
            public Uni<Tokens> getTokens(Map<String, String> additionalGrantParameters) {
                return Uni.createFrom().deferred(() -> answer.apply(fetches.incrementAndGet()));
            }

            @Override
            public Uni<Tokens> refreshTokens(String refreshToken, Map<String, String> additionalGrantParameters) {
                throw new UnsupportedOperationException("client credentials have no refresh token");
            }

            @Override
            public Uni<Boolean> revokeAccessToken(String accessToken, Map<String, String> additionalParameters) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
    }
}
