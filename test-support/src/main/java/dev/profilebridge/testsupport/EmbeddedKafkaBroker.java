package dev.profilebridge.testsupport;

import java.nio.file.Path;

import org.jboss.logging.Logger;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) inside this JVM.
 * <p>
 * SmallRye's test companion already knows how to format KRaft storage and start {@code KafkaRaftServer} for the
 * broker version the Quarkus BOM pins, so we reuse it instead of driving {@code StorageTool} ourselves.
 * {@link #bootstrapServers()} is the one broker every test of a JVM shares: started on first use on free loopback
 * ports, stopped (and its log directories deleted) when the JVM ends.
 */
public final class EmbeddedKafkaBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaBroker.class);
    /** Kafka refuses a log directory formatted for another cluster: a kept one needs the same id at every start. */
    private static final String KEPT_CLUSTER_ID = "cHJvZmlsZS1icmlkZ2UtMQ";
    private static String shared;

    private EmbeddedKafkaBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (shared == null) {
            shared = start(0, null);
        }
        return shared;
    }

    /**
     * Starts a broker that lives until the JVM ends.
     *
     * @param port the client port, 0 for a free one
     * @param logDir where to keep the data across runs, or null for a temporary folder deleted at the end
     * @return the bootstrap servers
     */
    public static String start(int port, Path logDir) {
        var broker = startBroker(port, logDir);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        return bootstrapOf(broker);
    }

    /** A broker of its own on a free port, for a test that stops it (a Kafka outage); close it to stop it. */
    public static io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker startStoppable() {
        return startBroker(0, null);
    }

    public static String bootstrapOf(io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker broker) {
        return broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
    }

    private static io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker startBroker(int port,
            Path logDir) {
        long begin = System.currentTimeMillis();
        var broker = new io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker();
        if (logDir != null) {
            broker.withClusterId(KEPT_CLUSTER_ID);
        }
        broker.withKafkaHost("127.0.0.1")
                .withKafkaPort(port)
                .withDeleteLogDirsOnClose(logDir == null)
                .withAdditionalProperties(props -> {
                    props.put("num.partitions", "3");
                    props.put("auto.create.topics.enable", "true");
                    if (logDir != null) {
                        props.put("log.dir", logDir.toAbsolutePath().toString());
                    }
                })
                .start();
        LOG.infof("Kafka broker started on %s in %d ms", bootstrapOf(broker), System.currentTimeMillis() - begin);
        return broker;
    }
}
