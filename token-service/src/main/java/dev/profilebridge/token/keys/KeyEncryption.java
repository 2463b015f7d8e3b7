package dev.profilebridge.token.keys;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.profilebridge.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Encrypts signing keys at rest with AES-256-GCM under the configured key-encryption key. */
@ApplicationScoped
public class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] ASSOCIATED_DATA = "profile-bridge signing key".getBytes();

    private final SecretKey keyEncryptionKey;
    private final SecureRandom random = new SecureRandom();

    KeyEncryption(TokenServiceConfig config) {
        this.keyEncryptionKey = parse(config.keyEncryptionKey());
    }

    static SecretKey parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("token-service.key-encryption-key (PB_TOKEN_KEY_ENCRYPTION_KEY) is not "
                    + "valid Base64; generate one with: openssl rand -base64 32");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("token-service.key-encryption-key (PB_TOKEN_KEY_ENCRYPTION_KEY) must be "
                    + "32 bytes (AES-256), it has " + bytes.length + "; generate one with: openssl rand -base64 32");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public byte[] encrypt(byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyEncryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED_DATA);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keyEncryptionKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(ASSOCIATED_DATA);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A signing key could not be decrypted: the key-encryption key "
                    + "(PB_TOKEN_KEY_ENCRYPTION_KEY) is not the one the key was stored with", e);
        }
    }
}
