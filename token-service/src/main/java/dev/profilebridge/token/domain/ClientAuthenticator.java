package dev.profilebridge.token.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.persistence.ClientChangeListener;
import dev.profilebridge.token.persistence.ClientSecret;
import dev.profilebridge.token.persistence.OAuthClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Verifies client credentials. The slow hash runs once per credential: a verified credential is remembered for a
 * short while under a keyed hash of what was presented (never the secret itself), and concurrent first attempts with
 * the same credential share one verification. The CDC dataflow asks for a token once per record, so this is what
 * keeps the token endpoint fast.
 * <p>
 * Caches are per replica, so a remembered verification is used only while the client's registration is unchanged.
 * While this replica listens to client changes ({@link ClientChangeListener}: every replica's disable, enable and
 * rotation is announced to all through PostgreSQL), an entry whose row was read since the last change announced is
 * used as it is, without touching the database: the CDC dataflow's repeated request costs no query. Otherwise (a
 * change was announced, the listener reconnected, or it is not connected) the use reads the client's row (one
 * primary-key read, no hash) and compares its {@code updated_at}, which disabling, enabling and rotating a secret
 * all change. A change made through any replica thus takes effect on every replica within the notification's
 * delivery, and at the next token request while a replica does not listen.
 * <p>
 * An expired entry is kept (it is verified again when presented, and dropped when that fails): it tells the throttle
 * that this credential was right before, so guessers cannot lock out the client using it. The map holds only
 * credentials that were right, so its size is that of the clients' secrets, past and present, not the callers'.
 */
@ApplicationScoped
public class ClientAuthenticator {

    /**
     * {@code registeredAs}: the client row's {@code updated_at} when the secret was verified; {@code readAt}: the
     * {@link ClientChangeListener#version()} taken before that row was last read, {@code readWhen} the time.
     */
    private record Verified(AuthenticatedClient client, Instant until, Instant registeredAs, long readAt,
            Instant readWhen) {
    }

    private record Registration(OAuthClient client, List<ClientSecret> secrets) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Map<String, Uni<AuthenticatedClient>> inFlight = new ConcurrentHashMap<>();
    private final SecretKeySpec fingerprintKey;
    /**
     * A keyed MAC per thread, initialised once: looking the algorithm up and keying it at every request showed as
     * about 4 % of the token endpoint's samples. {@code doFinal} resets it for the next use.
     */
    private final ThreadLocal<Mac> fingerprintMac = ThreadLocal.withInitial(this::newFingerprintMac);
    /** Compared against when the client id is unknown, so that unknown ids take as long as wrong secrets. */
    private final String decoyHash;
    private final SecretHasher hasher;
    private final FailedAuthenticationThrottle throttle;
    private final TokenServiceConfig config;
    private final Vertx vertx;
    private final ClientChangeListener changes;

    ClientAuthenticator(SecretHasher hasher, FailedAuthenticationThrottle throttle, TokenServiceConfig config,
            Vertx vertx, ClientChangeListener changes) {
        this.changes = changes;
        this.hasher = hasher;
        this.throttle = throttle;
        this.config = config;
        this.vertx = vertx;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.fingerprintKey = new SecretKeySpec(key, "HmacSHA256");
        this.decoyHash = hasher.hash(hasher.newSecret());
    }

    public Uni<AuthenticatedClient> authenticate(ClientCredentials credentials, String remoteAddress) {
        Instant now = Instant.now();
        String fingerprint = fingerprint(credentials);
        Verified known = verified.get(fingerprint);
        if (known != null && known.until().isAfter(now)) {
            if (changes.isCurrent(known.readAt())
                    && known.readWhen().plus(config.secrets().maxUnreadAge()).isAfter(now)) {
                return Uni.createFrom().item(known.client());
            }
            long version = changes.version();
            return isUnchanged(known).chain(unchanged -> unchanged ? confirmed(fingerprint, known, version, now)
                    : verifyOnce(credentials, remoteAddress, true, fingerprint));
        }
        // An expired entry still says this credential was right before: the throttle lets it be verified again.
        return verifyOnce(credentials, remoteAddress, known != null, fingerprint);
    }

    private Uni<AuthenticatedClient> verifyOnce(ClientCredentials credentials, String remoteAddress,
            boolean verifiedBefore, String fingerprint) {
        // One attempt per verification: callers presenting the same pair at once share it (one hash, one count),
        // so a client's own burst of first requests is never taken for guessing.
        return inFlight.computeIfAbsent(fingerprint, key -> attempt(credentials, remoteAddress, verifiedBefore, key)
                .onTermination().invoke(() -> inFlight.remove(key))
                .memoize().indefinitely());
    }

    /** Stamps a remembered verification whose row was just read unchanged, so that the next uses read nothing. */
    private Uni<AuthenticatedClient> confirmed(String fingerprint, Verified known, long version, Instant readWhen) {
        verified.replace(fingerprint, known, new Verified(known.client(), known.until(), known.registeredAs(), version,
                readWhen));
        return Uni.createFrom().item(known.client());
    }

    /** Whether the client's registration is still the one verified (another replica may have changed it since). */
    private Uni<Boolean> isUnchanged(Verified known) {
        return Panache.withSession(() -> OAuthClient.<OAuthClient> findById(known.client().clientId()))
                .map(client -> client != null && client.updatedAt.equals(known.registeredAs()));
    }

    /**
     * Reads the client's registration, asks the throttle (which needs to know whether the client id exists), and
     * settles the attempt with it after the verification.
     */
    private Uni<AuthenticatedClient> attempt(ClientCredentials credentials, String remoteAddress,
            boolean verifiedBefore, String fingerprint) {
        long version = changes.version();
        return registration(credentials.clientId(), Instant.now()).chain(registration -> {
            FailedAuthenticationThrottle.Attempt attempt = new FailedAuthenticationThrottle.Attempt(
                    credentials.clientId(), registration.client() != null, verifiedBefore, remoteAddress);
            Optional<Duration> blocked = throttle.tryAttempt(attempt, Instant.now());
            if (blocked.isPresent()) {
                return Uni.createFrom().failure(OAuthException.throttled(blocked.get()));
            }
            return verify(registration, credentials, fingerprint, version).onItemOrFailure().invoke((client, failure) -> {
                boolean failed = failure instanceof OAuthException;
                if (failed) {
                    verified.remove(fingerprint);
                }
                throttle.attemptEnded(attempt, failed, Instant.now());
            });
        });
    }

    /** Forgets every verified credential of a client: its registration or its secrets changed. */
    public void forget(String clientId) {
        verified.values().removeIf(entry -> entry.client().clientId().equals(clientId));
    }

    private Uni<Registration> registration(String clientId, Instant now) {
        return Panache.withSession(() -> OAuthClient.<OAuthClient> findById(clientId)
                .chain(client -> client == null
                        ? Uni.createFrom().item(new Registration(null, List.of()))
                        : ClientSecret.validFor(client.clientId, now).map(secrets -> new Registration(client, secrets))));
    }

    private Uni<AuthenticatedClient> verify(Registration registration, ClientCredentials credentials,
            String fingerprint, long version) {
        Instant now = Instant.now();
        return vertx.executeBlocking(Uni.createFrom().item(() -> matchingSecret(registration, credentials.secret())))
                .map(match -> remember(fingerprint, match.orElseThrow(
                        () -> OAuthException.invalidClient("Unknown client or wrong secret")), now, version));
    }

    /** Runs on a worker thread: compares the presented secret with each valid hash (at most two). */
    private Optional<Registration> matchingSecret(Registration registration, String secret) {
        if (registration.client() == null) {
            hasher.matches(secret, decoyHash);
            return Optional.empty();
        }
        return registration.secrets().stream()
                .filter(stored -> hasher.matches(secret, stored.hash))
                .findFirst()
                .map(stored -> new Registration(registration.client(), List.of(stored)));
    }

    private AuthenticatedClient remember(String fingerprint, Registration match, Instant now, long version) {
        OAuthClient client = match.client();
        Instant secretExpiry = match.secrets().get(0).expiresAt;
        AuthenticatedClient authenticated = new AuthenticatedClient(client.clientId, client.enabled,
                Scopes.parse(client.allowedScopes), Duration.ofSeconds(client.tokenLifetimeSeconds),
                client.tokensNotBefore, secretExpiry);
        Instant until = now.plus(config.secrets().verifiedCacheTtl());
        if (secretExpiry != null && secretExpiry.isBefore(until)) {
            until = secretExpiry;
        }
        verified.put(fingerprint, new Verified(authenticated, until, client.updatedAt, version, now));
        return authenticated;
    }

    private String fingerprint(ClientCredentials credentials) {
        Mac mac = fingerprintMac.get();
        mac.update(credentials.clientId().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return Base64.getEncoder().encodeToString(mac.doFinal(credentials.secret().getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newFingerprintMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
