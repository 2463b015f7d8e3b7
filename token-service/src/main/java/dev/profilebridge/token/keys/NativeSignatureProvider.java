package dev.profilebridge.token.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Security;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

import dev.profilebridge.token.config.TokenServiceConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Amazon Corretto Crypto Provider, when it loads: it signs ES256 tokens about 40 times faster than the JDK's own
 * provider on the same core (bench/token-endpoint.sh measures both), which is what lets one replica sign a new token
 * per request at a useful rate. The JDK computes ECDSA in Java; this provider calls AWS-LC (OpenSSL-derived) through
 * JNI, shipped for Linux x86-64 in its jar.
 * <p>
 * It is added as the last provider, so nothing else in the process (TLS, PBKDF2 secret hashes, the key encryption)
 * picks it up: only token signing names it. Where it does not load (another platform, a library it needs missing, a
 * failed self-test) or with {@code token-service.tokens.native-signing=false}, the JDK signs and the start-up log
 * says so.
 */
@Startup
@ApplicationScoped
public class NativeSignatureProvider {

    private static final Logger LOG = Logger.getLogger(NativeSignatureProvider.class);

    /** A signing key as the JDK holds it and as this provider does (translated once, not at every signature). */
    private record Translated(PrivateKey jdkKey, PrivateKey nativeKey) {
    }

    private final Optional<String> name;
    private volatile Translated lastTranslated;

    NativeSignatureProvider(TokenServiceConfig config) {
        this.name = config.tokens().nativeSigning() ? load() : Optional.empty();
        LOG.infof("Tokens are signed by %s", name.orElse("the JDK's provider"));
    }

    /** The provider's name for JCA lookups, when tokens are signed natively. */
    public Optional<String> name() {
        return name;
    }

    /**
     * The key to sign with: the signing key in this provider's own form when it signs (it would otherwise convert
     * the JDK's key to its native form at every signature, which costs more than the signature), else as it is.
     */
    public PrivateKey signingKey(PrivateKey key) {
        if (name.isEmpty()) {
            return key;
        }
        Translated last = lastTranslated;
        if (last == null || last.jdkKey() != key) {
            last = new Translated(key, translated(key, name.get()));
            lastTranslated = last;
        }
        return last.nativeKey();
    }

    private static PrivateKey translated(PrivateKey key, String provider) {
        try {
            return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The signing key could not be handed to " + provider, e);
        }
    }

    private static Optional<String> load() {
        try {
            AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
            provider.assertHealthy();
            if (Security.getProvider(provider.getName()) != provider) {
                // One left by an earlier application in this JVM (Quarkus' tests restart it in a new class loader).
                Security.removeProvider(provider.getName());
                Security.addProvider(provider);
            }
            return Optional.of(provider.getName());
        } catch (RuntimeException | LinkageError e) {
            // A missing native library surfaces as an Error subtype when the class initialises: not fatal here.
            LOG.warnf("The native signature provider did not load (%s); the JDK signs tokens", e.toString());
            return Optional.empty();
        }
    }
}
