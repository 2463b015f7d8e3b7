package dev.profilebridge.testsupport;

import org.jboss.logging.Logger;

/**
 * One real single-node Apache Kafka broker (KRaft, broker and controller in one) per JVM.
 * <p>
 * SmallRye's test companion already knows how to format KRaft storage and start {@code KafkaRaftServer} for the
 * broker version the Quarkus BOM pins, so we reuse it instead of driving {@code StorageTool} ourselves. Started on
 * first use on free loopback ports, stopped (and its log directories deleted) when the test JVM ends.
 */
public final class EmbeddedKafkaBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaBroker.class);
    private static io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker broker;

    private EmbeddedKafkaBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            long begin = System.currentTimeMillis();
            broker = new io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(props -> {
                        props.put("num.partitions", "3");
                        props.put("auto.create.topics.enable", "true");
                    })
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
            LOG.infof("Kafka broker started on %s in %d ms", broker.getAdvertisedListeners(),
                    System.currentTimeMillis() - begin);
        }
        return broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
    }
}
