package dev.profilebridge.token.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A client whose secret was verified, as it was registered at that moment: with when its tokens were last revoked
 * ({@code tokensNotBefore}, null if never) and when the secret it presented stops working ({@code secretExpiresAt},
 * null while it is the current one).
 */
public record AuthenticatedClient(String clientId, boolean enabled, Set<String> allowedScopes, Duration tokenLifetime,
        Instant tokensNotBefore, Instant secretExpiresAt) {
}
