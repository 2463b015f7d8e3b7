package dev.profilebridge.token.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.token.config.TokenServiceConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Two token-service replicas on one PostgreSQL: the administration of this one disables a client or rotates its
 * secret, and the other replica, which verified (and remembered) the client's credentials before, sees the change
 * on its next token request.
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

    @Test
    void anotherReplicaRefusesADisabledClientAtItsNextRequest() throws Throwable {
        ClientCredentials cdc = registered();
        ClientAuthenticator otherReplica = new ClientAuthenticator(hasher, throttle, config, vertx);
        assertTrue(await(() -> otherReplica.authenticate(cdc, "127.0.0.1")).enabled());

        await(() -> administration.setEnabled(cdc.clientId(), false));

        assertFalse(await(() -> otherReplica.authenticate(cdc, "127.0.0.1")).enabled(),
                "the other replica still took the client for enabled");
    }

    @Test
    void anotherReplicaRefusesASecretRotatedWithoutGraceAtItsNextRequest() throws Throwable {
        ClientCredentials cdc = registered();
        ClientAuthenticator otherReplica = new ClientAuthenticator(hasher, throttle, config, vertx);
        await(() -> otherReplica.authenticate(cdc, "127.0.0.1"));

        await(() -> administration.rotateSecret(cdc.clientId(), Optional.of(Duration.ZERO)));

        assertThrows(OAuthException.class, () -> await(() -> otherReplica.authenticate(cdc, "127.0.0.1")));
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
