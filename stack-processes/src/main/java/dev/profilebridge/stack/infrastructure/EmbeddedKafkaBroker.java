package dev.profilebridge.stack.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.jboss.logging.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import dev.profilebridge.stack.ListenPorts;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) inside this JVM, at the Kafka version
 * the Quarkus BOM pins.
 * <p>
 * Started the way Kafka's own {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do it: the log
 * directories are formatted with {@link Formatter}, then {@link KafkaRaftServer} runs. We drive Kafka directly instead
 * of through SmallRye's test companion because the local stack and the benchmarks run this class outside tests, and
 * the companion brings JUnit onto their class path.
 * <p>
 * {@link #bootstrapServers()} is the one broker every test of a JVM shares: started on first use on free loopback
 * ports, stopped (and its log directories deleted) when the JVM ends.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    /** Kafka refuses a log directory formatted for another cluster: a kept one needs the same id at every start. */
    private static final String KEPT_CLUSTER_ID = "cHJvZmlsZS1icmlkZ2UtMQ";
    private static String shared;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path temporaryLogDir;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path temporaryLogDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.temporaryLogDir = temporaryLogDir;
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
        EmbeddedKafkaBroker broker = startBroker(port, logDir);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        return broker.bootstrap();
    }

    /** A broker of its own on a free port, for a test that stops it (a Kafka outage); close it to stop it. */
    public static EmbeddedKafkaBroker startStoppable() {
        return startBroker(0, null);
    }

    /** This broker's {@code host:port}. */
    public String bootstrap() {
        return bootstrapServers;
    }

    /** Stops the broker and deletes a temporary log directory. */
    @Override
    public synchronized void close() {
        server.shutdown();
        server.awaitShutdown();
        if (temporaryLogDir != null) {
            deleteRecursively(temporaryLogDir);
        }
    }

    private static EmbeddedKafkaBroker startBroker(int port, Path logDir) {
        long begin = System.currentTimeMillis();
        int clientPort = port == 0 ? ListenPorts.unused() : port;
        Path dir = logDir != null ? logDir : temporaryDirectory();
        KafkaConfig config = KafkaConfig.fromProps(properties(clientPort, ListenPorts.unused(), dir), false);
        format(config, logDir != null ? KEPT_CLUSTER_ID : Uuid.randomUuid().toString());
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = HOST + ":" + clientPort;
        LOG.infof("Kafka broker started on %s in %d ms", bootstrap, System.currentTimeMillis() - begin);
        return new EmbeddedKafkaBroker(server, bootstrap, logDir == null ? dir : null);
    }

    /** One node that is broker and controller, plaintext on loopback, sized for tests and a laptop. */
    private static Properties properties(int clientPort, int controllerPort, Path logDir) {
        Properties props = new Properties();
        props.put("node.id", "1");
        props.put("process.roles", "broker,controller");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dir", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "true");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // A test's consumer group should not wait three seconds for members that will never come.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("controlled.shutdown.enable", "false");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        return props;
    }

    /** What {@code kafka-storage.sh format --ignore-formatted} does: a kept directory is left as it is. */
    private static void format(KafkaConfig config, String clusterId) {
        Formatter formatter = new Formatter()
                .setClusterId(clusterId)
                .setNodeId(config.nodeId())
                .setIgnoreFormatted(true)
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir());
        config.logDirs().forEach(formatter::addDirectory);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka log directory " + config.logDirs(), e);
        }
    }


    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("profile-bridge-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not delete the Kafka log directory %s: %s", dir, e.getMessage());
        }
    }
}
