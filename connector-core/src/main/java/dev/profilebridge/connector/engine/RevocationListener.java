package dev.profilebridge.connector.engine;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.profilebridge.connector.ConnectorConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands partition revocations to the engine and holds the rebalance until the revoked partitions' requests at the
 * target are finished and recorded (at most {@code connector.revocation-timeout}). With the cooperative-sticky
 * assignor a revoked partition goes to its next owner only after this returns, so two replicas never deliver one
 * partition's records at once: the next owner reads the delivery state its former owner wrote.
 * <p>
 * Runs on the Kafka polling thread (SmallRye calls it there, after its commit strategy took the acknowledged
 * offsets), which may block; the engine's own thread is never blocked.
 */
@ApplicationScoped
@Identifier(RevocationListener.NAME)
public class RevocationListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "profile-bridge-revocation";
    private static final Logger LOG = Logger.getLogger(RevocationListener.class);

    private final DeliveryEngine engine;
    private final ConnectorConfig config;

    RevocationListener(DeliveryEngine engine, ConnectorConfig config) {
        this.engine = engine;
        this.config = config;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            engine.revoke(keys(partitions)).toCompletableFuture()
                    .get(config.revocationTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("%s: partitions %s revoked; their requests at the target are finished", config.name(), partitions);
        } catch (TimeoutException e) {
            LOG.warnf("%s: partitions %s revoked with requests still at the target after %s; their records may be "
                    + "delivered again by the next owner", config.name(), partitions, config.revocationTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warnf(e, "%s: revoking %s failed", config.name(), partitions);
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        engine.assigned(keys(partitions));
    }

    private static List<String> keys(Collection<TopicPartition> partitions) {
        return partitions.stream().map(p -> PartitionTracker.key(p.topic(), p.partition())).toList();
    }
}
