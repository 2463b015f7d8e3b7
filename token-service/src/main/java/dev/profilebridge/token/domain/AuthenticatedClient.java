package dev.profilebridge.token.domain;

import java.time.Duration;
import java.util.Set;

/** A client whose secret was verified, as it was registered at that moment. */
public record AuthenticatedClient(String clientId, boolean enabled, Set<String> allowedScopes, Duration tokenLifetime) {
}
