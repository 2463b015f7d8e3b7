package dev.profilebridge.token.persistence;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells this replica when any replica changed a client's registration (disabled, enabled, secret rotated), through
 * PostgreSQL's LISTEN/NOTIFY: {@link #announce(String)} sends a notification in the changing transaction, which
 * PostgreSQL delivers to every listening replica when (and only if) it commits.
 * <p>
 * Written by hand because Quarkus has no cache invalidated across replicas (its cache extension is per process), and
 * the reactive PostgreSQL client's {@link PgSubscriber} is the smallest way to hear another replica's change.
 * <p>
 * What it offers is a {@link #version()}: a number that moves on every notification and every (re)connection, and is
 * {@link #NOT_LISTENING} while the subscriber is not connected. A cache entry stamped with the version read before its
 * row was read is current while the version has not moved; every change, a reconnection (notifications sent while
 * disconnected are lost) and any time without a connection make every entry stale at once, so its owner reads the
 * row again: a missed notification cannot keep a disabled client alive.
 */
@ApplicationScoped
public class ClientChangeListener {

    /** The version while no subscriber is connected: no entry is current. */
    public static final long NOT_LISTENING = -1;
    static final String CHANNEL = "token_service_client_changed";
    private static final Logger LOG = Logger.getLogger(ClientChangeListener.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final AtomicLong version = new AtomicLong(NOT_LISTENING);
    private final AtomicLong generations = new AtomicLong();
    private final Vertx vertx;
    private final PgConnectOptions options;
    private PgSubscriber subscriber;
    private boolean stopped = true;

    public ClientChangeListener(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        // The reactive URL may list several servers (Quarkus spreads the pool over them): listening needs one.
        this.options = PgConnectOptions.fromUri(url.split(",")[0].trim());
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
    }

    /** Sends the change of a client to every replica listening, when the caller's transaction commits. */
    public static Uni<Void> announce(String clientId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select pg_notify(?1, ?2)")
                .setParameter(1, CHANNEL)
                .setParameter(2, clientId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The current version, or {@link #NOT_LISTENING}: read it before reading the rows a cache entry holds. */
    public long version() {
        return version.get();
    }

    /** Whether an entry stamped with {@code stamp} (a {@link #version()} read before its row) may be used unread. */
    public boolean isCurrent(long stamp) {
        return stamp != NOT_LISTENING && stamp == version.get();
    }

    void onStart(@Observes StartupEvent start) {
        start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stop();
    }

    public synchronized void start() {
        stopped = false;
        connect();
    }

    public synchronized void stop() {
        stopped = true;
        version.set(NOT_LISTENING);
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }

    /**
     * A new subscriber for each connection (rather than its own reconnect policy, which reconnects without telling):
     * this class must know each moment it is not listening.
     */
    private synchronized void connect() {
        if (stopped) {
            return;
        }
        PgSubscriber connecting = PgSubscriber.subscriber(vertx, options);
        subscriber = connecting;
        connecting.channel(CHANNEL)
                .subscribeHandler(ignored -> moved("listening"))
                .handler(clientId -> moved("client " + clientId + " changed"));
        connecting.closeHandler(ignored -> lost(connecting, "the connection closed"));
        connecting.connect().onFailure(failure -> lost(connecting, failure.toString()));
    }

    private synchronized void moved(String why) {
        if (!stopped) {
            version.set(generations.incrementAndGet());
            LOG.debugf("Client registrations: %s, every remembered verification reads its row once", why);
        }
    }

    private synchronized void lost(PgSubscriber which, String why) {
        if (which != subscriber) {
            return;
        }
        boolean wasListening = version.getAndSet(NOT_LISTENING) != NOT_LISTENING;
        if (!stopped) {
            // Once per outage, not once per retry: PostgreSQL down for minutes would otherwise fill the log.
            LOG.logf(wasListening ? Logger.Level.WARN : Logger.Level.DEBUG, "Not listening to client changes (%s): "
                    + "every token request reads its client's row until it listens again; retrying every %s", why,
                    RECONNECT_DELAY);
            which.close();
            subscriber = null;
            vertx.setTimer(RECONNECT_DELAY.toMillis(), ignored -> connect());
        }
    }
}
