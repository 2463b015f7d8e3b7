package dev.profilebridge.tokencheck;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.json.JsonObject;

/**
 * token-service's revocation document as last fetched: per client, the {@code iat} (whole seconds) before which its
 * tokens are revoked (it was disabled, or its secret rotated), and the keys retired in an emergency, whose tokens are
 * all revoked.
 */
public record RevocationList(Map<String, Long> notBefore, Set<String> revokedKeys, Instant fetchedAt) {

    /** Reads {@code {"notBefore": {"<client id>": <epoch seconds>}, "revokedKeys": ["<kid>"]}}. */
    static RevocationList parse(JsonObject document, Instant fetchedAt) {
        Map<String, Long> notBefore = new HashMap<>();
        JsonObject clients = document.getJsonObject("notBefore", new JsonObject());
        clients.fieldNames().forEach(client -> notBefore.put(client, clients.getLong(client)));
        Set<String> revokedKeys = new HashSet<>();
        document.getJsonArray("revokedKeys", new io.vertx.core.json.JsonArray()).forEach(kid -> revokedKeys.add((String) kid));
        return new RevocationList(Map.copyOf(notBefore), Set.copyOf(revokedKeys), fetchedAt);
    }

    /** Why a token of {@code clientId}, issued at {@code issuedAt} with key {@code kid}, is revoked; empty if it is not. */
    public Optional<String> revocation(String clientId, String kid, long issuedAt) {
        if (kid != null && revokedKeys.contains(kid)) {
            return Optional.of("The token was signed with a key that token-service revoked; request a new token");
        }
        Long clientNotBefore = clientId == null ? null : notBefore.get(clientId);
        if (clientNotBefore != null && issuedAt < clientNotBefore) {
            return Optional.of("The token was revoked: client " + clientId + " was disabled or its secret rotated "
                    + "after the token was issued");
        }
        return Optional.empty();
    }
}
