package dev.profilebridge.token.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The keys one replica works with between two refreshes: the one that signs, every published public key by
 * {@code kid} (for verifying the admin API's bearer tokens), the JWKS document as served, and the key published
 * ahead that will sign next, if any.
 */
public record SigningKeySnapshot(String activeKid, PrivateKey activeKey, Map<String, PublicKey> publicKeys,
        String jwksJson, Optional<Pending> pending) {

    /** A key already published that signs from {@code activatesAt}. */
    public record Pending(String kid, Instant activatesAt) {
    }
}
