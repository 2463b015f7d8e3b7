package dev.profilebridge.testsupport.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.stack.infrastructure.EmbeddedKafkaBroker;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.sandbox.SapGatewaySandbox;
import dev.profilebridge.stack.JavaProcess;
import dev.profilebridge.stack.StackWiring;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * What every connector must survive: its packaged jar, as its own process, killed with SIGKILL in the middle of a
 * backlog (requests in flight, offsets and delivery state not yet written) and started again. Every profile still
 * arrives at its newest version, and nothing lands on the dead-letter topic. A connector's integration test extends
 * this with its sandbox (Failsafe sets {@code app.jar}).
 */
public abstract class ConnectorRestartContract {

    private static final int UIDS = 600;
    private final List<JavaProcess> processes = new ArrayList<>();

    /** The connector's environment for this topic and its sandbox (PB_TOPIC_…, the target's URL and user). */
    protected abstract Map<String, String> connectorEnvironment(String topic);

    /** How many profiles the sandbox holds. */
    protected abstract int profilesAtTarget();

    /** The first name the sandbox holds for this UID (the tests' version marker), or null. */
    protected abstract String firstNameAtTarget(String uid);

    protected abstract SapGatewaySandbox sandbox();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (JavaProcess process : processes) {
            process.kill();
        }
    }

    @Test
    void aConnectorKilledMidStreamLosesNothingAfterItsRestart() throws InterruptedException {
        String bootstrap = EmbeddedKafkaBroker.bootstrapServers();
        String topic = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        List<ProducerRecord<String, String>> records = ProfileEvents.backlog(topic, topic, UIDS, 2);
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            kafka.topics().createAndWait(topic, 3);
            kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
        }
        // Once a quarter of the UIDs arrived, SAP stops answering: the connector has requests in flight, offsets and
        // delivery state unwritten, and at most max-in-flight more batches can reach the sandbox before the kill.
        sandbox().latency(Duration.ofMillis(40));
        sandbox().holdAnswersWhen(() -> profilesAtTarget() >= UIDS / 4);

        JavaProcess first = start(bootstrap, topic, "first");
        Await.until(Duration.ofSeconds(120), () -> sandbox().heldAnswers() > 0);
        first.kill();
        int deliveredBeforeKill = profilesAtTarget();
        sandbox().releaseAnswers();
        assertTrue(deliveredBeforeKill < UIDS, "killed mid-stream, not after the end: " + deliveredBeforeKill);

        start(bootstrap, topic, "second");
        Await.until(Duration.ofSeconds(180),
                () -> ProfileEvents.countAt(topic, UIDS, "v1", this::firstNameAtTarget) == UIDS);

        assertEquals(UIDS, profilesAtTarget(), "one profile at the target per UID, none created twice");
        assertEquals(0, TopicReader.read(bootstrap, topic + ".dlq", record -> true, 1, Duration.ofSeconds(15)).size(),
                "nothing was dead-lettered");
    }

    private JavaProcess start(String bootstrap, String topic, String name) {
        Map<String, String> env = new HashMap<>(connectorEnvironment(topic));
        env.putAll(StackWiring.infrastructure(bootstrap, new StackWiring.Database("127.0.0.1",
                EmbeddedPostgresServer.port(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD)));
        env.put("QUARKUS_HTTP_PORT", "0");
        // The killed consumer's partitions move to the second one after this, not Kafka's default 45 s.
        env.put("JAVA_TOOL_OPTIONS", "-Dmp.messaging.incoming.profiles.session.timeout.ms=10000");
        // The killed process's concurrency leases come free after this, not after the default 2 x 30 s + 10 s.
        env.put("CONNECTOR_BUDGET_REQUEST_BOUND", "4s");
        env.put("CONNECTOR_BUDGET_LEASE_TTL", "13s");
        JavaProcess process = JavaProcess.jar("connector", Path.of(System.getProperty("app.jar")), env,
                Path.of("target", "restart-it-" + name + ".log"));
        processes.add(process);
        return process;
    }
}
