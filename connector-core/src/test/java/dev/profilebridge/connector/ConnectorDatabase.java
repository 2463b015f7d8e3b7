package dev.profilebridge.connector;

import java.util.UUID;

import org.flywaydb.core.Flyway;

import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The embedded PostgreSQL as the tests of several replicas use it: a schema of their own with the connectors'
 * migrations, and a pool per replica, as each connector process has.
 */
public final class ConnectorDatabase {

    private ConnectorDatabase() {
    }

    /** A new schema, named after the prefix, migrated as a connector migrates its own. */
    public static String migratedSchema(String prefix) {
        String schema = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        Flyway.configure()
                .dataSource(EmbeddedPostgresServer.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)
                .schemas(schema).locations("classpath:db/connector-core").load().migrate();
        return schema;
    }

    /** A replica's pool, through the given port (the server's, or a proxy's that a test can cut). */
    public static Pool pool(Vertx vertx, int port) {
        return Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setDatabase(EmbeddedPostgresServer.DATABASE).setUser(EmbeddedPostgresServer.USER)
                        .setPassword(EmbeddedPostgresServer.PASSWORD).setConnectTimeout(2000))
                .using(vertx.getDelegate()).build());
    }
}
