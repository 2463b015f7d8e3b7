package dev.profilebridge.token.domain;

import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.persistence.OAuthClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Creates the first admin client from configuration, so that the admin API can be reached at all. It does nothing
 * once that client exists: changing the configured secret later does not change the stored one (rotate it through
 * the admin API instead).
 */
@ApplicationScoped
public class AdminClientBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminClientBootstrap.class);

    void onStart(@Observes StartupEvent event, TokenServiceConfig config, ClientAdministration administration)
            throws Throwable {
        Optional<String> clientId = config.bootstrap().adminClientId();
        Optional<String> secret = config.bootstrap().adminClientSecret();
        if (clientId.isEmpty() || secret.isEmpty()) {
            if (clientId.isPresent() || secret.isPresent()) {
                LOG.warn("Set both token-service.bootstrap.admin-client-id and admin-client-secret to bootstrap an "
                        + "admin client; only one is set, so none is created");
            }
            return;
        }
        VertxContextSupport.subscribeAndAwait(() -> exists(clientId.get())
                .chain(exists -> exists
                        ? Uni.createFrom().voidItem()
                        : administration.create(new ClientAdministration.NewClient(clientId.get(),
                                "Bootstrap administrator", List.of(Scopes.CLIENTS_ADMIN), null), secret)
                                .replaceWithVoid()
                                .onFailure().recoverWithUni(failure -> createdByAnotherReplica(clientId.get(), failure))));
    }

    /**
     * Replicas of a Deployment start together and each finds no admin client: one creates it, the others' inserts
     * fail (a 409 or the primary key's unique violation). That is no reason to fail their start.
     */
    private static Uni<Void> createdByAnotherReplica(String clientId, Throwable failure) {
        return exists(clientId).chain(exists -> {
            if (!exists) {
                return Uni.createFrom().failure(failure);
            }
            LOG.infof("Admin client %s was created by another replica starting at the same time", clientId);
            return Uni.createFrom().voidItem();
        });
    }

    private static Uni<Boolean> exists(String clientId) {
        return Panache.withSession(() -> OAuthClient.findById(clientId)).map(client -> client != null);
    }
}
