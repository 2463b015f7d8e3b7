package dev.profilebridge.tokencheck;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps token-service's revocation document in memory, fetched every {@code token-revocations.poll-interval}, so that
 * checking a token against it is a map read on the request path. Each replica of each checking service polls on its
 * own: all of them see a revocation within one poll interval of token-service publishing it.
 * <p>
 * When the document cannot be fetched, the last one stays in force for {@code token-revocations.max-staleness};
 * past that (or before the first fetch) every token is refused (and, where the service opted in, readiness is DOWN):
 * a revocation must not go unnoticed for longer than that bound, whatever happens to the network between the
 * services.
 */
@ApplicationScoped
public class TokenRevocations {

    private static final Logger LOG = Logger.getLogger(TokenRevocations.class);

    private final TokenRevocationsConfig config;
    private final HttpClient client;
    private volatile RevocationList current;

    TokenRevocations(TokenRevocationsConfig config, Vertx vertx) {
        this.config = config;
        long timeout = this.config.pollInterval().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout));
    }

    void onStart(@Observes StartupEvent event) {
        // The first requests should not be refused for want of a list: fetch it before traffic arrives, but start
        // anyway if token-service is not there yet (tokens are refused until the list arrives).
        try {
            poll().await().atMost(config.pollInterval().multipliedBy(2));
        } catch (RuntimeException e) {
            LOG.warnf("token-service's revocation list (%s) could not be fetched at start; tokens are refused until "
                    + "it is: %s", config.url(), e.getMessage());
        }
    }

    @Scheduled(every = "${token-revocations.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        Instant started = Instant.now();
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(config.url())
                .setTimeout(config.pollInterval().toMillis()))
                .chain(HttpClientRequest::send)
                .chain(this::body)
                .invoke(body -> current = RevocationList.parse(body.toJsonObject(), started))
                .onFailure().invoke(e -> LOG.warnf("token-service's revocation list (%s) could not be fetched; the "
                        + "one from %s stays in force until it is %s old: %s", config.url(),
                        current == null ? "never" : current.fetchedAt(), config.maxStaleness(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<io.vertx.mutiny.core.buffer.Buffer> body(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return response.end().chain(() -> Uni.createFrom().failure(
                    new IllegalStateException("HTTP " + response.statusCode())));
        }
        return response.body();
    }

    /** Why a token is refused; empty if it is not revoked and the list is fresh enough to say so. */
    public Optional<String> refusal(String clientId, String kid, long issuedAt, Instant now) {
        RevocationList list = current;
        if (!isFresh(list, now)) {
            return Optional.of("Token revocations could not be checked: token-service's revocation list is "
                    + (list == null ? "not fetched yet" : "older than " + config.maxStaleness()) + "; retry later");
        }
        return list.revocation(clientId, kid, issuedAt);
    }

    /** The list in force, if any. */
    public Optional<RevocationList> current() {
        return Optional.ofNullable(current);
    }

    public boolean isFresh(Instant now) {
        return isFresh(current, now);
    }

    public Duration maxStaleness() {
        return config.maxStaleness();
    }

    private boolean isFresh(RevocationList list, Instant now) {
        return list != null && !list.fetchedAt().plus(config.maxStaleness()).isBefore(now);
    }
}
