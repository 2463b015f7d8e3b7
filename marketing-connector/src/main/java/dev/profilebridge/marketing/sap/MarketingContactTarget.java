package dev.profilebridge.marketing.sap;

import java.util.ArrayList;
import java.util.List;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.spi.DeliveryOutcome;
import dev.profilebridge.connector.spi.DeliveryTarget;
import dev.profilebridge.connector.spi.ProfileRecord;
import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.connector.sap.SapODataClient;
import dev.profilebridge.marketing.config.MarketingConfig;
import io.quarkus.oidc.client.OidcClients;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** Delivers a batch of profiles to Marketing Cloud as one {@code $batch}, one changeset per contact. */
@ApplicationScoped
public class MarketingContactTarget implements DeliveryTarget {

    private final ContactOriginMapper mapper;
    private final SapODataClient client;

    MarketingContactTarget(MarketingConfig config, ConnectorConfig connector, Vertx vertx, OidcClients oidcClients) {
        this.mapper = new ContactOriginMapper(new ContactMapping(config.contactOrigin(), config.permissionOrigin(),
                config.marketingArea().orElse(""), config.consents(), config.subscriptions(), new ContactWriteHeaders(
                        config.sourceSystemType(), config.sourceSystemId(), config.sequenceId())));
        this.client = SapODataClient.connect(vertx, config, connector.maxInFlight(), oidcClients, "marketing");
    }

    @Override
    public Uni<List<DeliveryOutcome>> deliver(List<ProfileRecord> batch) {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
        BatchRequest request = new BatchRequest();
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                request.changeset(mapper.map(batch.get(i).event()));
                sent.add(i);
            } catch (RuntimeException e) {
                // Whatever a value does to the mapper fails its own record, never its neighbours or the engine.
                outcomes[i] = DeliveryOutcome.unmappable(e);
            }
        }
        if (sent.isEmpty()) {
            return Uni.createFrom().item(List.of(outcomes));
        }
        return client.batch(request).map(results -> {
            for (int j = 0; j < sent.size(); j++) {
                outcomes[sent.get(j)] = outcome(results.get(j));
            }
            return List.of(outcomes);
        });
    }

    /** A failed changeset fails only its contact. */
    private static DeliveryOutcome outcome(ChangesetOutcome result) {
        return result.succeeded() ? new DeliveryOutcome.Delivered() : DeliveryOutcome.refused(result.status(), result.message());
    }
}
