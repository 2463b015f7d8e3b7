package dev.profilebridge.token.domain;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import dev.profilebridge.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Client secrets as PBKDF2-HMAC-SHA512 hashes with a random salt: slow on purpose, so a stolen table does not give
 * the secrets away. Each hash records its iteration count, so raising the count later keeps old hashes valid.
 * Calls take tens to hundreds of milliseconds: never call them on an event-loop thread.
 */
@ApplicationScoped
public class SecretHasher {

    private static final String PREFIX = "pbkdf2-sha512";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 512;

    private final SecureRandom random = new SecureRandom();
    private final int iterations;

    SecretHasher(TokenServiceConfig config) {
        this.iterations = config.secrets().hashIterations();
    }

    public String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return String.join("$", PREFIX, Integer.toString(iterations), base64.encodeToString(salt),
                base64.encodeToString(derive(secret, salt, iterations)));
    }

    public boolean matches(String secret, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] expected = base64.decode(parts[3]);
        byte[] actual = derive(secret, base64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** A new secret: 32 random bytes, URL-safe Base64, so it needs no escaping in a Basic header or a form. */
    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
