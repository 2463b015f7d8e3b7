package dev.profilebridge.token.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.persistence.SigningKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The token signing keys: kept in PostgreSQL so that every replica signs with the same active key, rotated on a
 * schedule, and held in memory between refreshes so that signing never waits for the database.
 * <p>
 * Rotation runs on every replica's schedule; a PostgreSQL advisory lock inside the rotating transaction makes one
 * replica do it while the others skip, and the rotation re-reads the keys under the lock, so two replicas never both
 * add a key. A retired key stays published until every token it may have signed has expired: the longest token
 * lifetime, plus one refresh interval during which other replicas may still sign with it.
 */
@ApplicationScoped
public class SigningKeys {

    public static final String ALGORITHM = "ES256";

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    /** Any constant shared by all replicas; the bytes spell "pb-keys". */
    private static final long ROTATION_LOCK = 0x70622d6b657973L;

    private final TokenServiceConfig config;
    private final KeyEncryption encryption;
    private volatile SigningKeySnapshot snapshot;

    SigningKeys(TokenServiceConfig config, KeyEncryption encryption) {
        this.config = config;
        this.encryption = encryption;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        // The service cannot answer a token request without a key: make sure one exists before traffic arrives.
        VertxContextSupport.subscribeAndAwait(() -> rotate(Instant.now(), false, true).chain(this::refresh));
    }

    @Scheduled(every = "${token-service.keys.refresh-interval}", delayed = "${token-service.keys.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> maintain() {
        return rotate(Instant.now(), false, false).chain(this::refresh)
                .onFailure().invoke(e -> LOG.error("Signing key maintenance failed; will try again", e));
    }

    /** The keys as of the last refresh. */
    public SigningKeySnapshot current() {
        return snapshot;
    }

    /** Replaces the active key now, whatever its age (an operator's emergency rotation). */
    public Uni<Void> rotateNow() {
        return rotate(Instant.now(), true, true).chain(this::refresh);
    }

    /** Removes the keys whose tokens have all expired by {@code now}, and rotates if the active key is due. */
    public Uni<Void> maintainAt(Instant now) {
        return rotate(now, false, true).chain(this::refresh);
    }

    private Uni<Void> rotate(Instant now, boolean force, boolean waitForLock) {
        return Panache.withTransaction(() -> lock(waitForLock).chain(locked -> locked
                ? SigningKey.<SigningKey> list("order by createdAt desc").chain(keys -> rotate(keys, now, force))
                : Uni.createFrom().voidItem()));
    }

    private Uni<Boolean> lock(boolean wait) {
        String sql = wait
                ? "select true from (select pg_advisory_xact_lock(" + ROTATION_LOCK + ")) as locked"
                : "select pg_try_advisory_xact_lock(" + ROTATION_LOCK + ")";
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Boolean.class).getSingleResult());
    }

    private Uni<Void> rotate(List<SigningKey> keys, Instant now, boolean force) {
        List<SigningKey> expired = keys.stream().filter(k -> k.expiresAt != null && !k.expiresAt.isAfter(now)).toList();
        SigningKey active = keys.stream().filter(k -> k.retiredAt == null).findFirst().orElse(null);
        boolean due = active == null || force
                || !active.createdAt.plus(config.keys().rotationPeriod()).isAfter(now);
        Uni<Void> removal = expired.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(expired.stream().map(SigningKey::delete).toList()).andFailFast().replaceWithVoid()
                        .invoke(() -> expired.forEach(k -> LOG.infof("Signing key %s expired and left the JWKS", k.kid)));
        if (!due) {
            return removal;
        }
        SigningKey created = generate(now);
        if (active != null) {
            active.retiredAt = now;
            active.expiresAt = now.plus(config.tokens().maxLifetime()).plus(config.keys().refreshInterval());
        }
        return removal.chain(() -> created.persist())
                .invoke(() -> LOG.infof("Signing key %s is now active%s", created.kid,
                        active == null ? "" : "; " + active.kid + " stays published until " + active.expiresAt))
                .replaceWithVoid();
    }

    private SigningKey generate(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
            jwk.setKeyId(kid);
            jwk.setAlgorithm(ALGORITHM);
            jwk.setUse("sig");

            SigningKey key = new SigningKey();
            key.kid = kid;
            key.algorithm = ALGORITHM;
            key.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            key.privateKey = encryption.encrypt(pair.getPrivate().getEncoded());
            key.createdAt = now;
            return key;
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("Could not generate an ES256 signing key", e);
        }
    }

    private Uni<Void> refresh() {
        return Panache.withSession(() -> SigningKey.<SigningKey> list("order by createdAt desc"))
                .invoke(keys -> snapshot = snapshotOf(keys))
                .replaceWithVoid();
    }

    private SigningKeySnapshot snapshotOf(List<SigningKey> keys) {
        try {
            SigningKey active = keys.stream().filter(k -> k.retiredAt == null).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No active signing key"));
            Map<String, PublicKey> publicKeys = new HashMap<>();
            List<JsonWebKey> published = new ArrayList<>();
            for (SigningKey key : keys) {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk);
                publicKeys.put(key.kid, jwk.getPublicKey());
                published.add(jwk);
            }
            String jwks = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            return new SigningKeySnapshot(active.kid, privateKey(active), Map.copyOf(publicKeys), jwks);
        } catch (JoseException e) {
            throw new IllegalStateException("A stored public key is not a valid JWK", e);
        }
    }

    private PrivateKey privateKey(SigningKey key) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(encryption.decrypt(key.privateKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Stored signing key " + key.kid + " is not a valid EC private key", e);
        }
    }
}
