package dev.profilebridge.token.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.persistence.ClientChangeListener;
import dev.profilebridge.token.persistence.ClientSecret;
import dev.profilebridge.token.persistence.OAuthClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** Creates, lists, disables and enables clients, and rotates their secrets. */
@ApplicationScoped
public class ClientAdministration {

    private static final Logger LOG = Logger.getLogger(ClientAdministration.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{3,100}");
    private static final int MAX_DESCRIPTION = 255;

    private final SecretHasher hasher;
    private final ClientAuthenticator authenticator;
    private final TokenIssuer issuer;
    private final TokenServiceConfig config;
    private final Vertx vertx;

    ClientAdministration(SecretHasher hasher, ClientAuthenticator authenticator, TokenIssuer issuer,
            TokenServiceConfig config, Vertx vertx) {
        this.hasher = hasher;
        this.authenticator = authenticator;
        this.issuer = issuer;
        this.config = config;
        this.vertx = vertx;
    }

    public record NewClient(String clientId, String description, List<String> scopes, Integer tokenLifetimeSeconds) {
    }

    /** Registers a client with a new random secret, or with {@code presetSecret} (bootstrap from config). */
    public Uni<IssuedSecret> create(NewClient request, Optional<String> presetSecret) {
        String clientId = request.clientId() == null ? "pb-" + UUID.randomUUID() : request.clientId();
        if (!CLIENT_ID.matcher(clientId).matches()) {
            return fail(400, "clientId must be 3 to 100 characters of letters, digits, '.', '_' or '-'");
        }
        if (request.description() != null && !isStorableDescription(request.description())) {
            return fail(400, "description must be at most " + MAX_DESCRIPTION + " characters, none a control character");
        }
        Set<String> scopes = request.scopes() == null ? Set.of() : new HashSet<>(request.scopes());
        Set<String> unknown = new HashSet<>(scopes);
        unknown.removeAll(config.scopes());
        if (scopes.isEmpty() || !unknown.isEmpty()) {
            return fail(400, "scopes must be a non-empty subset of " + config.scopes()
                    + (unknown.isEmpty() ? "" : "; unknown: " + unknown));
        }
        int lifetime = request.tokenLifetimeSeconds() == null
                ? (int) config.tokens().defaultLifetime().toSeconds()
                : request.tokenLifetimeSeconds();
        if (lifetime < 60 || lifetime > config.tokens().maxLifetime().toSeconds()) {
            return fail(400, "tokenLifetimeSeconds must be between 60 and " + config.tokens().maxLifetime().toSeconds());
        }
        String secret = presetSecret.orElseGet(hasher::newSecret);
        Instant now = now();
        return hash(secret).chain(hash -> Panache.withTransaction(() -> OAuthClient.<OAuthClient> findById(clientId)
                .chain(existing -> {
                    if (existing != null) {
                        return fail(409, "Client " + clientId + " exists already");
                    }
                    OAuthClient client = new OAuthClient();
                    client.clientId = clientId;
                    client.description = request.description();
                    client.allowedScopes = Scopes.format(scopes);
                    client.tokenLifetimeSeconds = lifetime;
                    client.createdAt = now;
                    client.updatedAt = now;
                    ClientSecret stored = secret(clientId, hash, now);
                    return client.persist().chain(stored::persist)
                            .map(ignored -> new IssuedSecret(ClientView.of(client, List.of(stored)), secret));
                })))
                .invoke(issued -> LOG.infof("Client %s created with scopes %s", clientId, issued.client().scopes()));
    }

    public Uni<List<ClientView>> list() {
        return Panache.withSession(() -> OAuthClient.<OAuthClient> list("order by clientId")
                .chain(clients -> ClientSecret.<ClientSecret> list("(expiresAt is null or expiresAt > ?1) order by createdAt", now())
                        .map(secrets -> clients.stream()
                                .map(c -> ClientView.of(c, secrets.stream().filter(s -> s.clientId.equals(c.clientId)).toList()))
                                .toList())));
    }

    public Uni<ClientView> get(String clientId) {
        return Panache.withSession(() -> find(clientId)
                .chain(client -> ClientSecret.validFor(clientId, now()).map(secrets -> ClientView.of(client, secrets))));
    }

    /** Disabling also revokes the client's tokens at every verifier (enabling again does not bring them back). */
    public Uni<ClientView> setEnabled(String clientId, boolean enabled) {
        Instant now = now();
        return Panache.withTransaction(() -> find(clientId).chain(client -> {
            client.enabled = enabled;
            client.updatedAt = now;
            Uni<Void> revocation = enabled ? Uni.createFrom().voidItem() : revokeTokens(client, now, now);
            return revocation.chain(() -> ClientChangeListener.announce(clientId))
                    .chain(() -> ClientSecret.validFor(clientId, now))
                    .map(secrets -> ClientView.of(client, secrets));
        })).invoke(view -> {
            forget(clientId);
            LOG.infof("Client %s %s", clientId, enabled ? "enabled" : "disabled");
        });
    }

    /**
     * Gives a client a new secret. The current one stays valid for the grace period, so the caller can roll the
     * new one out; a secret still in an earlier grace period ends now, so at most two are ever valid. The tokens
     * issued before the rotation are revoked when the grace period ends (tokens issued with the old secret during it
     * expire by then, see {@link TokenIssuer}).
     */
    public Uni<IssuedSecret> rotateSecret(String clientId, Optional<Duration> gracePeriod) {
        Duration grace = gracePeriod.orElse(config.secrets().rotationGracePeriod());
        if (grace.isNegative()) {
            return fail(400, "gracePeriodSeconds must not be negative");
        }
        String secret = hasher.newSecret();
        Instant now = now();
        return hash(secret).chain(hash -> Panache.withTransaction(() -> find(clientId)
                .chain(client -> ClientSecret.validFor(clientId, now).chain(current -> {
                    current.forEach(s -> s.expiresAt = s.expiresAt == null ? now.plus(grace) : now);
                    client.updatedAt = now;
                    ClientSecret stored = secret(clientId, hash, now);
                    List<ClientSecret> valid = new ArrayList<>(current.stream().filter(s -> s.isValidAt(now)).toList());
                    valid.add(stored);
                    return stored.persist().chain(() -> revokeTokens(client, now, now.plus(grace)))
                            .chain(() -> ClientChangeListener.announce(clientId))
                            .map(ignored -> new IssuedSecret(ClientView.of(client, valid), secret));
                }))))
                .invoke(issued -> {
                    forget(clientId);
                    LOG.infof("Client %s has a new secret; the previous one is valid for %s more", clientId, grace);
                });
    }

    private static Uni<Void> revokeTokens(OAuthClient client, Instant notBefore, Instant effectiveAt) {
        client.tokensNotBefore = notBefore;
        return TokenRevocations.revoke(client.clientId, notBefore, effectiveAt);
    }

    private void forget(String clientId) {
        authenticator.forget(clientId);
        issuer.forget(clientId);
    }

    /** Its column holds 255 characters, and PostgreSQL's text refuses NUL: checked here, not left to the insert. */
    private static boolean isStorableDescription(String description) {
        return description.length() <= MAX_DESCRIPTION && description.chars().noneMatch(Character::isISOControl);
    }

    private Uni<OAuthClient> find(String clientId) {
        if (!CLIENT_ID.matcher(clientId).matches()) {
            // No client can have it; asking PostgreSQL would only fail on the characters it cannot hold (NUL).
            return Uni.createFrom().failure(new ClientRegistrationException(404, "No client with that id"));
        }
        return OAuthClient.<OAuthClient> findById(clientId).onItem().ifNull()
                .failWith(() -> new ClientRegistrationException(404, "No client " + clientId));
    }

    private Uni<String> hash(String secret) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> hasher.hash(secret)));
    }

    private static ClientSecret secret(String clientId, String hash, Instant now) {
        ClientSecret secret = new ClientSecret();
        secret.clientId = clientId;
        secret.hash = hash;
        secret.createdAt = now;
        return secret;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> Uni<T> fail(int status, String message) {
        return Uni.createFrom().failure(new ClientRegistrationException(status, message));
    }
}
