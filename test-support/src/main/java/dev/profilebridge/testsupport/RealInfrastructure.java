package dev.profilebridge.testsupport;

import dev.profilebridge.stack.infrastructure.CuttableTcpProxy;
import dev.profilebridge.stack.infrastructure.EmbeddedKafkaBroker;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and a real PostgreSQL server, with no Docker:
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
 * class MyTest {
 *     &#64;InjectKafkaCompanion
 *     KafkaCompanion kafka;
 * }
 * </pre>
 *
 * Both servers are JVM-wide singletons (see {@link EmbeddedKafkaBroker} and {@link EmbeddedPostgresServer}): Quarkus
 * may call {@link #start()} again when it restarts the application for another test profile, and the servers must
 * then stay the same. They stop when the test JVM ends, which is why {@link #stop()} leaves them running.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static CuttableTcpProxy postgresLink;
    private String bootstrapServers;

    /**
     * The link between the application's reactive PostgreSQL client (the delivery state, the leases) and the server:
     * a test cuts it for an outage without stopping the server the rest of the JVM shares. Flyway and Hibernate ORM
     * connect directly.
     */
    public static synchronized CuttableTcpProxy postgresLink() {
        if (postgresLink == null) {
            postgresLink = CuttableTcpProxy.start(0, EmbeddedPostgresServer.port());
        }
        return postgresLink;
    }

    @Override
    public Map<String, String> start() {
        // Both take a few seconds and do not depend on each other.
        CompletableFuture<String> kafka = CompletableFuture.supplyAsync(EmbeddedKafkaBroker::bootstrapServers);
        CompletableFuture<Integer> postgres = CompletableFuture.supplyAsync(EmbeddedPostgresServer::port);
        bootstrapServers = kafka.join();
        postgres.join();
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quarkus.datasource.jdbc.url", EmbeddedPostgresServer.jdbcUrl(),
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + postgresLink().port() + "/"
                        + EmbeddedPostgresServer.DATABASE,
                "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                "quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(new KafkaCompanion(bootstrapServers),
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaCompanion.class, KafkaCompanion.class));
    }

    @Override
    public void stop() {
        // The servers outlive this application instance; shutdown hooks stop them with the JVM.
    }
}
