package dev.profilebridge.stack.infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded Kafka broker and PostgreSQL server as one standalone process, for the local stack and the
 * benchmarks: {@code java -cp ... dev.profilebridge.stack.infrastructure.LocalInfrastructure [--data DIR]
 * [--kafka-port N] [--postgres-port N] [--only kafka|postgres]}. Prints one {@code ready kafka=HOST:PORT
 * postgres=HOST:PORT} line when both (or the only one) accept connections, and runs until it is stopped (SIGTERM or
 * Ctrl-C stop the servers cleanly).
 */
public final class LocalInfrastructure {

    private LocalInfrastructure() {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        int kafkaPort = 9092;
        int postgresPort = 5432;
        String only = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                usage("missing value for " + args[i]);
            }
            switch (args[i]) {
                case "--data" -> data = Path.of(value);
                case "--kafka-port" -> kafkaPort = Integer.parseInt(value);
                case "--postgres-port" -> postgresPort = Integer.parseInt(value);
                case "--only" -> only = value;
                default -> usage("unknown option " + args[i]);
            }
        }
        if (only != null && !only.equals("kafka") && !only.equals("postgres")) {
            usage("--only takes kafka or postgres");
        }
        StringBuilder ready = new StringBuilder("ready");
        if (!"postgres".equals(only)) {
            Path kafkaDir = data == null ? null : Files.createDirectories(data.resolve("kafka"));
            ready.append(" kafka=").append(EmbeddedKafkaBroker.start(kafkaPort, kafkaDir));
        }
        if (!"kafka".equals(only)) {
            Path postgresDir = data == null ? null : data.resolve("postgres");
            ready.append(" postgres=127.0.0.1:").append(EmbeddedPostgresServer.start(postgresPort, postgresDir));
        }
        System.out.println(ready);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: LocalInfrastructure [--data DIR] [--kafka-port N] [--postgres-port N]"
                + " [--only kafka|postgres]");
        System.exit(2);
    }
}
