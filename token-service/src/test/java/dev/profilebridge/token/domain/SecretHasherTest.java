package dev.profilebridge.token.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.profilebridge.token.config.TokenServiceConfig;

/** Client secrets are stored as salted PBKDF2 hashes that only the right secret matches. */
class SecretHasherTest {

    private final SecretHasher hasher = hasher(1_000);

    @Test
    void onlyTheHashedSecretMatchesItsHash() {
        String stored = hasher.hash("s3cret");

        assertTrue(hasher.matches("s3cret", stored));
        assertFalse(hasher.matches("s3cret ", stored));
        assertFalse(hasher.matches("other", stored));
    }

    @Test
    void eachHashHasItsOwnSaltAndRecordsItsIterationCount() {
        String first = hasher.hash("s3cret");
        String second = hasher.hash("s3cret");

        assertNotEquals(first, second, "salted");
        String[] parts = first.split("\\$");
        assertEquals("pbkdf2-sha512", parts[0]);
        assertEquals("1000", parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length, "16 bytes of salt");
        assertEquals(64, Base64.getDecoder().decode(parts[3]).length, "a 512-bit hash");
    }

    @Test
    void aHashMadeWithAnotherIterationCountStillMatchesAfterTheCountChanged() {
        String old = hasher(500).hash("s3cret");

        assertTrue(hasher.matches("s3cret", old));
    }

    @Test
    void somethingThatIsNotOurHashMatchesNothing() {
        assertFalse(hasher.matches("s3cret", "plain-text"));
        assertFalse(hasher.matches("s3cret", "bcrypt$1000$c2FsdA==$aGFzaA=="));
    }

    @Test
    void aNewSecretIs32RandomBytesInUrlSafeBase64() {
        String secret = hasher.newSecret();

        assertEquals(32, Base64.getUrlDecoder().decode(secret).length);
        assertTrue(secret.matches("[A-Za-z0-9_-]+"), secret);
        assertNotEquals(secret, hasher.newSecret());
    }

    private static SecretHasher hasher(int iterations) {
        TokenServiceConfig.Secrets secrets = (TokenServiceConfig.Secrets) Proxy.newProxyInstance(
                SecretHasherTest.class.getClassLoader(), new Class<?>[] { TokenServiceConfig.Secrets.class },
                (proxy, method, args) -> method.getName().equals("hashIterations") ? iterations : null);
        TokenServiceConfig config = (TokenServiceConfig) Proxy.newProxyInstance(SecretHasherTest.class.getClassLoader(),
                new Class<?>[] { TokenServiceConfig.class },
                (proxy, method, args) -> method.getName().equals("secrets") ? secrets : null);
        return new SecretHasher(config);
    }
}
