package dev.profilebridge.token.domain;

import java.time.Instant;
import java.util.List;

import dev.profilebridge.token.persistence.ClientSecret;
import dev.profilebridge.token.persistence.OAuthClient;

/** A client as the admin API shows it: never a secret or a hash, only when each secret was made and expires. */
public record ClientView(String clientId, String description, boolean enabled, List<String> scopes,
        int tokenLifetimeSeconds, Instant createdAt, Instant updatedAt, List<SecretView> secrets) {

    public record SecretView(Instant createdAt, Instant expiresAt) {
    }

    static ClientView of(OAuthClient client, List<ClientSecret> secrets) {
        return new ClientView(client.clientId, client.description, client.enabled,
                List.copyOf(Scopes.parse(client.allowedScopes)), client.tokenLifetimeSeconds, client.createdAt,
                client.updatedAt, secrets.stream().map(s -> new SecretView(s.createdAt, s.expiresAt)).toList());
    }
}
