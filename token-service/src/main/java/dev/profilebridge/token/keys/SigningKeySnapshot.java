package dev.profilebridge.token.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;

/**
 * The keys one replica works with between two refreshes: the one that signs, and every published public key by
 * {@code kid} (for verifying the admin API's bearer tokens), and the JWKS document as served.
 */
public record SigningKeySnapshot(String activeKid, PrivateKey activeKey, Map<String, PublicKey> publicKeys,
        String jwksJson) {
}
