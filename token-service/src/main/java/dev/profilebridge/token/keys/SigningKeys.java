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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * add a key. A new key is published {@code token-service.keys.publish-ahead} before it signs, so that every verifier
 * has it in its JWKS cache first. A replaced key stays published until every token it may have signed has expired:
 * the longest token lifetime, plus one refresh interval during which other replicas may still sign with it. An
 * emergency rotation revokes the active key instead: it leaves the JWKS at once, and the revocation document lists it
 * for as long, so that verifiers which cached it refuse its tokens too.
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

    /** What a rotation does besides the scheduled one. */
    private enum Rotation {
        /** Add a key when the active one is due (and one at all if there is none). */
        SCHEDULED,
        /** Add a key now, to sign after the publish-ahead period, unless one is waiting already. */
        AHEAD,
        /** Revoke the active key and let the next one sign now. */
        EMERGENCY
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        // The service cannot answer a token request without a key: make sure one exists before traffic arrives.
        VertxContextSupport.subscribeAndAwait(() -> maintainAt(Instant.now()));
    }

    @Scheduled(every = "${token-service.keys.refresh-interval}", delayed = "${token-service.keys.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> maintain() {
        return maintainOnSchedule(Instant.now());
    }

    /**
     * The scheduled maintenance as of {@code now}: rotates a due key and refreshes, unless another replica holds the
     * rotation lock. Apart from {@link #maintain()} so that a test can run it at a date (the scheduler is off in tests).
     */
    Uni<Void> maintainOnSchedule(Instant now) {
        return rotate(now, Rotation.SCHEDULED, false).chain(() -> refresh(now))
                .onFailure().invoke(e -> LOG.error("Signing key maintenance failed; will try again", e));
    }

    /** The keys as of the last refresh. */
    public SigningKeySnapshot current() {
        return snapshot;
    }

    /**
     * An operator's rotation. Normally a new key is published now and signs after the publish-ahead period (an
     * already waiting one is kept); {@code retireCurrent} (a compromised key) revokes the active key at once and the
     * next one, published ahead if there is one, signs now.
     */
    public Uni<Void> rotateNow(boolean retireCurrent) {
        Instant now = Instant.now();
        return rotate(now, retireCurrent ? Rotation.EMERGENCY : Rotation.AHEAD, true).chain(() -> refresh(now));
    }

    /** Removes the keys whose tokens have all expired by {@code now}, and rotates if the active key is due. */
    public Uni<Void> maintainAt(Instant now) {
        return rotate(now, Rotation.SCHEDULED, true).chain(() -> refresh(now));
    }

    /** The keys an emergency rotation revoked whose tokens may not all have expired yet. */
    public static Uni<List<String>> revokedKids() {
        return SigningKey.<SigningKey> list("revokedAt is not null order by revokedAt").map(keys -> keys.stream()
                .map(key -> key.kid).toList());
    }

    private Uni<Void> rotate(Instant now, Rotation rotation, boolean waitForLock) {
        return Panache.withTransaction(() -> lock(waitForLock).chain(locked -> locked
                ? SigningKey.<SigningKey> list("order by activatesAt desc").chain(keys -> rotate(keys, now, rotation))
                : Uni.createFrom().voidItem()));
    }

    private Uni<Boolean> lock(boolean wait) {
        String sql = wait
                ? "select true from (select pg_advisory_xact_lock(" + ROTATION_LOCK + ")) as locked"
                : "select pg_try_advisory_xact_lock(" + ROTATION_LOCK + ")";
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Boolean.class).getSingleResult());
    }

    private Uni<Void> rotate(List<SigningKey> keys, Instant now, Rotation rotation) {
        List<SigningKey> expired = keys.stream().filter(k -> k.expiresAt != null && !k.expiresAt.isAfter(now)).toList();
        List<SigningKey> live = keys.stream().filter(k -> !expired.contains(k)).toList();
        SigningKey active = activeAt(live, now);
        SigningKey pending = pendingAt(live, now);
        retireReplaced(live, active);
        Uni<Void> removal = expired.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(expired.stream().map(SigningKey::delete).toList()).andFailFast().replaceWithVoid()
                        .invoke(() -> expired.forEach(k -> LOG.infof("Signing key %s expired and left the JWKS", k.kid)));
        if (active != null && rotation == Rotation.EMERGENCY) {
            revoke(active, now);
            if (pending != null) {
                pending.activatesAt = now;
                LOG.warnf("Signing key %s was revoked; %s, published since %s, signs now", active.kid, pending.kid,
                        pending.createdAt);
                return removal;
            }
        }
        Instant activation = activationOfNewKey(active, pending, now, rotation);
        if (activation == null) {
            return removal;
        }
        SigningKey created = generate(now);
        created.activatesAt = activation;
        return removal.chain(() -> created.persist())
                .invoke(() -> LOG.infof("Signing key %s is published and signs from %s", created.kid, activation))
                .replaceWithVoid();
    }

    /** When a key added now signs, or null if none is to be added. */
    private Instant activationOfNewKey(SigningKey active, SigningKey pending, Instant now, Rotation rotation) {
        if (active == null || rotation == Rotation.EMERGENCY) {
            // Nothing signs (first start, or the active key was just revoked): a key must sign at once.
            return now;
        }
        boolean due = rotation == Rotation.AHEAD
                || !active.activatesAt.plus(config.keys().rotationPeriod()).minus(config.keys().publishAhead())
                        .isAfter(now);
        return due && pending == null ? now.plus(config.keys().publishAhead()) : null;
    }

    /** Keys that signed before {@code active} took over stay published until every token they signed has expired. */
    private void retireReplaced(List<SigningKey> keys, SigningKey active) {
        if (active == null) {
            return;
        }
        keys.stream()
                .filter(k -> k != active && k.retiredAt == null && k.activatesAt.isBefore(active.activatesAt))
                .forEach(k -> {
                    k.retiredAt = active.activatesAt;
                    k.expiresAt = active.activatesAt.plus(config.tokens().maxLifetime())
                            .plus(config.keys().refreshInterval());
                    LOG.infof("Signing key %s was replaced by %s and stays published until %s", k.kid, active.kid,
                            k.expiresAt);
                });
    }

    private void revoke(SigningKey key, Instant now) {
        key.revokedAt = now;
        key.retiredAt = now;
        // Listed as revoked until every token it signed has expired, counting the replicas that sign with it until
        // their next refresh.
        key.expiresAt = now.plus(config.tokens().maxLifetime()).plus(config.keys().refreshInterval());
    }

    /** The newest key, not revoked, whose signing time has come. */
    private static SigningKey activeAt(List<SigningKey> keys, Instant now) {
        return keys.stream().filter(k -> k.revokedAt == null && !k.activatesAt.isAfter(now))
                .max(Comparator.comparing((SigningKey k) -> k.activatesAt)).orElse(null);
    }

    /** A key published ahead, waiting for its signing time. */
    private static SigningKey pendingAt(List<SigningKey> keys, Instant now) {
        return keys.stream().filter(k -> k.revokedAt == null && k.activatesAt.isAfter(now))
                .max(Comparator.comparing((SigningKey k) -> k.activatesAt)).orElse(null);
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

    private Uni<Void> refresh(Instant now) {
        return Panache.withSession(() -> SigningKey.<SigningKey> list("revokedAt is null order by activatesAt desc"))
                .invoke(keys -> snapshot = snapshotOf(keys, now))
                .replaceWithVoid();
    }

    private SigningKeySnapshot snapshotOf(List<SigningKey> keys, Instant now) {
        try {
            SigningKey active = Optional.ofNullable(activeAt(keys, now))
                    .orElseThrow(() -> new IllegalStateException("No active signing key"));
            Map<String, PublicKey> publicKeys = new HashMap<>();
            List<JsonWebKey> published = new ArrayList<>();
            for (SigningKey key : keys) {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk);
                publicKeys.put(key.kid, jwk.getPublicKey());
                published.add(jwk);
            }
            String jwks = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            Optional<SigningKeySnapshot.Pending> pending = Optional.ofNullable(pendingAt(keys, now))
                    .map(k -> new SigningKeySnapshot.Pending(k.kid, k.activatesAt));
            return new SigningKeySnapshot(active.kid, privateKey(active), Map.copyOf(publicKeys), jwks, pending);
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
