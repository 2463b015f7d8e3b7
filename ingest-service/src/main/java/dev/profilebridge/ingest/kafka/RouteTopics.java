package dev.profilebridge.ingest.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import dev.profilebridge.ingest.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Makes sure every route's topic exists before the service accepts a profile: creates the missing ones with the
 * configured partitions, and refuses to start, saying why, when Kafka cannot be reached.
 */
@ApplicationScoped
public class RouteTopics {

    private static final Logger LOG = Logger.getLogger(RouteTopics.class);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    void onStart(@Observes StartupEvent event, IngestConfig config) {
        Set<String> topics = config.routes().values().stream().map(IngestConfig.Route::topic)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        Object servers = kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        long timeout = config.topics().startupTimeout().toMillis();
        try (Admin admin = Admin.create(adminConfig(timeout))) {
            Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, config.topics().partitions(), config.topics().replicationFactor()))
                    .toList();
            if (!missing.isEmpty() && !config.topics().create()) {
                throw new IllegalStateException("Route topics missing in Kafka at " + servers + ": " + names(missing)
                        + " (create them, or set ingest.topics.create=true)");
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(timeout, TimeUnit.MILLISECONDS);
                    LOG.infof("Created topics %s with %d partitions", names(missing), config.topics().partitions());
                } catch (ExecutionException e) {
                    // Created meanwhile, by another replica or by a broker that auto-creates topics on first use:
                    // the topic is there, which is all this check asks.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    LOG.infof("Topics %s were created meanwhile by someone else", names(missing));
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot reach Kafka at " + servers + " to check the route topics " + topics
                    + " within " + config.topics().startupTimeout() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the route topics", e);
        }
    }

    private Map<String, Object> adminConfig(long timeoutMillis) {
        Map<String, Object> config = kafkaConfig.entrySet().stream()
                .filter(e -> AdminClientConfig.configNames().contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, 10_000));
        return config;
    }

    private static String names(Collection<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).collect(Collectors.joining(", "));
    }
}
