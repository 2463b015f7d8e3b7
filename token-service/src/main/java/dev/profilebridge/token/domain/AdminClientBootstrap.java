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
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> OAuthClient.findById(clientId.get()))
                .chain(existing -> existing != null
                        ? Uni.createFrom().voidItem()
                        : administration.create(new ClientAdministration.NewClient(clientId.get(),
                                "Bootstrap administrator", List.of(Scopes.CLIENTS_ADMIN), null), secret)
                                .replaceWithVoid()));
    }
}
