package dev.profilebridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A packaged Profile Bridge service (its {@code quarkus-run.jar}) running as its own JVM, as in production, for
 * integration tests that kill it with SIGKILL and start it again. Its output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;

    private ServiceProcess(Process process) {
        this.process = process;
    }

    /** The environment that points a service at the test JVM's Kafka broker and PostgreSQL server, on a free port. */
    public static Map<String, String> infrastructure(String bootstrapServers) {
        Map<String, String> env = new HashMap<>();
        env.put("PB_DB_HOST", "127.0.0.1");
        env.put("PB_DB_PORT", Integer.toString(EmbeddedPostgresServer.port()));
        env.put("PB_DB_NAME", EmbeddedPostgresServer.DATABASE);
        env.put("PB_DB_USER", EmbeddedPostgresServer.USER);
        env.put("PB_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        env.put("PB_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("QUARKUS_HTTP_PORT", "0");
        return env;
    }

    /** Starts {@code java -jar <jar>} with this JVM's environment plus {@code env}, its output to {@code log}. */
    public static ServiceProcess start(Path jar, Map<String, String> env, Path log) {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(env);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(all);
        try {
            return new ServiceProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a crash or an evicted pod: no shutdown hook, no commit, no goodbye. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
