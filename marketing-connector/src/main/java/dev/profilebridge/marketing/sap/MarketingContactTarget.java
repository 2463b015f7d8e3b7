package dev.profilebridge.marketing.sap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.engine.DeliveryOutcome;
import dev.profilebridge.connector.engine.DeliveryTarget;
import dev.profilebridge.connector.engine.ProfileRecord;
import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.connector.sap.OAuthBearerTokens;
import dev.profilebridge.connector.sap.SapODataClient;
import dev.profilebridge.marketing.config.MarketingConfig;
import io.quarkus.oidc.client.OidcClients;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Delivers a batch of profiles to Marketing Cloud as one {@code $batch}, one changeset per contact. */
@ApplicationScoped
public class MarketingContactTarget implements DeliveryTarget {

    private final ContactOriginMapper mapper;
    private final SapODataClient client;

    MarketingContactTarget(MarketingConfig config, ConnectorConfig connector, Vertx vertx, OidcClients oidcClients) {
        this.mapper = new ContactOriginMapper(new ContactMapping(config.contactOrigin(), config.permissionOrigin(),
                config.marketingArea().orElse(""), config.consents(), config.subscriptions()));
        // One connection per request the engine may have in flight (Vert.x would otherwise cap it at 5).
        WebClientOptions options = new WebClientOptions().setMaxPoolSize(connector.maxInFlight()).setKeepAlive(true);
        this.client = new SapODataClient(WebClient.create(vertx, options), new SapODataClient.Settings(config.serviceUrl(),
                authorization(config, oidcClients), config.timeout()));
    }

    private static Supplier<Uni<String>> authorization(MarketingConfig config, OidcClients oidcClients) {
        if (config.auth() == MarketingConfig.Auth.OAUTH2) {
            return new OAuthBearerTokens(oidcClients.getClient("marketing"), config.oauthRefreshBefore());
        }
        return SapODataClient.Settings.basic(config.user(), config.password().orElseThrow(() -> new IllegalStateException(
                "marketing.password (PB_MARKETING_PASSWORD) is required with Basic authentication")));
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
            } catch (UnmappableProfileException e) {
                outcomes[i] = new DeliveryOutcome.Failed(e.getMessage(), "UnmappableProfile", 0);
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

    /** A failed changeset fails only its contact: 4xx is SAP's verdict on the data, the rest may pass later. */
    private static DeliveryOutcome outcome(ChangesetOutcome result) {
        if (result.succeeded()) {
            return new DeliveryOutcome.Delivered(null);
        }
        if (result.status() >= 400 && result.status() < 500 && result.status() != 408 && result.status() != 429) {
            return new DeliveryOutcome.Failed(result.message(), "RejectedByTarget", result.status());
        }
        return new DeliveryOutcome.Retry(result.message(), result.status(), null);
    }
}
