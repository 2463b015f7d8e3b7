package dev.profilebridge.token.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.persistence.ClientChangeListener;
import dev.profilebridge.token.persistence.OAuthClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Two token-service replicas on one PostgreSQL: the administration of this one disables a client or rotates its
 * secret, and the other replica, which verified (and remembered) the client's credentials before, sees the change
 * once the change's notification reached it (without its listener, at its next token request). A row changed without
 * a notification stands in for a notification that got lost: only a replica that does not read the row keeps the
 * client it remembered, which is what the tests use to tell whether a request read the row.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ReplicaRevocationTest {

    @Inject
    ClientAdministration administration;
    @Inject
    SecretHasher hasher;
    @Inject
    FailedAuthenticationThrottle throttle;
    @Inject
    TokenServiceConfig config;
    @Inject
    Vertx vertx;
    @Inject
    ClientChangeListener thisReplicasListener;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;
    private final List<ClientChangeListener> started = new ArrayList<>();

    @AfterEach
    void stopListeners() {
        started.forEach(ClientChangeListener::stop);
    }

    @Test
    void aListeningReplicaServesARememberedVerificationWithoutReadingTheRow() throws Throwable {
        ClientCredentials cdc = registered();
        ClientAuthenticator otherReplica = otherReplica(listening());
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));

        disableWithoutNotification(cdc.clientId());

        assertTrue(await(() -> otherReplica.authenticate(cdc, "127.0.0.1")).enabled(),
                "the listening replica read the client's row although no change was announced");
    }

    @Test
    void anotherReplicaRefusesADisabledClientOnceTheChangeIsAnnounced() throws Throwable {
        ClientCredentials cdc = registered();
        ClientAuthenticator otherReplica = otherReplica(listening());
        assertTrue(await(() -> otherReplica.authenticate(cdc, "127.0.0.1")).enabled());
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));

        await(() -> administration.setEnabled(cdc.clientId(), false));

        assertTrue(eventually(() -> !await(() -> otherReplica.authenticate(cdc, "127.0.0.1")).enabled()),
                "the other replica still took the client for enabled two seconds after the change");
    }

    @Test
    void anotherReplicaRefusesASecretRotatedWithoutGraceOnceTheChangeIsAnnounced() throws Throwable {
        ClientCredentials cdc = registered();
        ClientAuthenticator otherReplica = otherReplica(listening());
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));

        await(() -> administration.rotateSecret(cdc.clientId(), Optional.of(Duration.ZERO)));

        assertTrue(eventually(() -> refused(otherReplica, cdc)),
                "the other replica still accepted the rotated secret two seconds after the rotation");
    }

    @Test
    void aReplicaThatDoesNotListenReadsTheRowOnEveryRequest() throws Throwable {
        ClientCredentials cdc = registered();
        ClientChangeListener listener = listening();
        ClientAuthenticator otherReplica = otherReplica(listener);
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));
        listener.stop();

        disableWithoutNotification(cdc.clientId());

        assertFalse(await(() -> otherReplica.authenticate(cdc, "127.0.0.1")).enabled(),
                "a replica not listening used a remembered verification without reading the row");
    }

    @Test
    void aReplicaListeningAgainReadsEveryRowOnceMore() throws Throwable {
        ClientCredentials cdc = registered();
        ClientChangeListener listener = listening();
        ClientAuthenticator otherReplica = otherReplica(listener);
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));
        listener.stop();
        disableWithoutNotification(cdc.clientId());
        listener.start();
        awaitListening(listener);

        assertFalse(await(() -> otherReplica.authenticate(cdc, "127.0.0.1")).enabled(),
                "a change made while the replica did not listen was missed after it listened again");
    }

    @Test
    void aChangeWhoseNotificationIsLostIsReadWithinTheMaxUnreadAge() throws Throwable {
        ClientCredentials cdc = registered();
        ClientAuthenticator otherReplica = otherReplica(listening());
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));
        disableWithoutNotification(cdc.clientId());

        // A listener whose connection died silently hears nothing; the row is read again once the entry is this old.
        assertTrue(eventually(config.secrets().maxUnreadAge().plusSeconds(2),
                () -> !await(() -> otherReplica.authenticate(cdc, "127.0.0.1")).enabled()),
                "a listening replica kept a client disabled without notification beyond the max unread age");
    }

    private ClientChangeListener listening() {
        ClientChangeListener listener = new ClientChangeListener(vertx.getDelegate(), url, user, password);
        started.add(listener);
        listener.start();
        awaitListening(listener);
        awaitListening(thisReplicasListener);
        return listener;
    }

    private static void awaitListening(ClientChangeListener listener) {
        assertTrue(eventually(() -> listener.version() != ClientChangeListener.NOT_LISTENING),
                "the listener did not connect within two seconds");
    }

    private ClientAuthenticator otherReplica(ClientChangeListener listener) {
        return new ClientAuthenticator(hasher, throttle, config, vertx, listener);
    }

    private static boolean refused(ClientAuthenticator replica, ClientCredentials credentials) throws Throwable {
        try {
            await(() -> replica.authenticate(credentials, "127.0.0.1"));
            return false;
        } catch (OAuthException refused) {
            return true;
        }
    }

    /** A change another process made straight in the database, or one whose notification got lost. */
    private static void disableWithoutNotification(String clientId) throws Throwable {
        await(() -> Panache.withTransaction(() -> OAuthClient.update("enabled = false, updatedAt = ?1 where clientId = ?2",
                Instant.now().truncatedTo(ChronoUnit.MICROS), clientId)));
    }

    private interface Check {
        boolean holds() throws Throwable;
    }

    /** Whether the check holds within two seconds (a notification's delivery takes milliseconds). */
    private static boolean eventually(Check check) {
        return eventually(Duration.ofSeconds(2), check);
    }

    private static boolean eventually(Duration within, Check check) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (!check.holds()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        } catch (Throwable failure) {
            throw new AssertionError(failure);
        }
    }

    private ClientCredentials registered() throws Throwable {
        String clientId = "replica-" + UUID.randomUUID();
        String secret = hasher.newSecret();
        await(() -> administration.create(new ClientAdministration.NewClient(clientId, null, List.of("profiles:write"),
                null), Optional.of(secret)));
        return new ClientCredentials(clientId, secret);
    }

    private static <T> T await(Supplier<Uni<T>> call) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(call);
    }
}
