package dev.profilebridge.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.sandbox.SapGatewaySandbox;
import dev.profilebridge.stack.JavaProcess;
import dev.profilebridge.stack.StackWiring;
import dev.profilebridge.stack.infrastructure.EmbeddedKafkaBroker;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.KafkaTopics;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ReplayHeaders;
import dev.profilebridge.stack.ListenPorts;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * What every connector must survive: its packaged jar, as its own process, killed with SIGKILL in the middle of a
 * backlog (requests in flight, offsets and delivery state not yet written) and started again. Every profile still
 * arrives at its newest version, and nothing lands on the dead-letter topic. A connector's integration test extends
 * this with its sandbox (Failsafe sets {@code app.jar}). The same holds for an operator's replay: a replica killed
 * in the middle of one leaves it to another, which finishes it without producing any record twice.
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
            KafkaTopics.create(kafka, topic, 3);
            kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
        }
        // Once a quarter of the UIDs arrived, SAP stops answering: the connector has requests in flight, offsets and
        // delivery state unwritten, and at most max-in-flight more batches can reach the sandbox before the kill.
        sandbox().latency(Duration.ofMillis(40));
        sandbox().holdAnswersWhen(() -> profilesAtTarget() >= UIDS / 4);

        int heldBefore = sandbox().heldAnswers();
        JavaProcess first = start(bootstrap, topic, "first");
        Await.until(Duration.ofSeconds(120), () -> sandbox().heldAnswers() > heldBefore);
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

    @Test
    void aReplayWhoseReplicaIsKilledMidWayIsFinishedByAnotherWithoutARecordProducedTwice() throws Exception {
        String bootstrap = EmbeddedKafkaBroker.bootstrapServers();
        String topic = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        int letters = 30;
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            KafkaTopics.create(kafka, topic, 3);
            KafkaTopics.create(kafka, topic + ".dlq", 2);
            List<ProducerRecord<String, String>> deadLetters = new ArrayList<>();
            for (int i = 0; i < letters; i++) {
                String uid = topic + "-" + i;
                ProducerRecord<String, String> record = new ProducerRecord<>(topic + ".dlq", i % 2, uid,
                        ProfileEvents.event(uid, 1, "Replayed"));
                Instant failed = Instant.now();
                new DeadLetter("Rejected by the target", "RejectedByTarget", 400, "fixed since", 1, failed, failed,
                        "restart-test", new DeadLetter.Origin(topic, 0, i)).writeTo(record.headers());
                deadLetters.add(record);
            }
            kafka.produceStrings().fromRecords(deadLetters).awaitCompletion(Duration.ofSeconds(30));
        }
        int firstPort = ListenPorts.unused();
        JavaProcess first = start(bootstrap, topic, "replay-first", firstPort);
        first.awaitOk("http://127.0.0.1:" + firstPort + "/q/health/ready", Duration.ofSeconds(90));
        String id = operator(firstPort).contentType(ContentType.JSON).body(Map.of("maxPerSecond", 6))
                .post("/ops/replays").then().statusCode(202).extract().jsonPath().getString("id");
        Await.until(Duration.ofSeconds(60), () -> operator(firstPort).get("/ops/replays/" + id).jsonPath()
                .getInt("counts.replayed") >= letters / 3);
        first.kill();

        int secondPort = ListenPorts.unused();
        start(bootstrap, topic, "replay-second", secondPort)
                .awaitOk("http://127.0.0.1:" + secondPort + "/q/health/ready", Duration.ofSeconds(90));
        Await.until(Duration.ofSeconds(120), () -> "done".equalsIgnoreCase(
                operator(secondPort).get("/ops/replays/" + id).jsonPath().getString("status")));

        List<ConsumerRecord<String, String>> replayed = TopicReader.read(bootstrap, topic,
                record -> id.equals(DeadLetter.text(record.headers(), ReplayHeaders.ID)), letters + 1,
                Duration.ofSeconds(10));
        Set<String> positions = new HashSet<>();
        replayed.forEach(record -> positions.add(DeadLetter.text(record.headers(), ReplayHeaders.DEAD_LETTER)));
        assertEquals(letters, positions.size(), "every dead letter replayed");
        assertEquals(letters, replayed.size(), "none of them twice");
        assertEquals(letters, operator(secondPort).get("/ops/replays/" + id).jsonPath().getInt("counts.replayed"));
        Await.until(Duration.ofSeconds(60),
                () -> ProfileEvents.countAt(topic, letters, "Replayed", this::firstNameAtTarget) == letters);
    }

    private static RequestSpecification operator(int port) {
        return given().port(port).auth().oauth2(TokenIssuerFixture.shared().token("ops-tester", "dlq:operate"));
    }


    private JavaProcess start(String bootstrap, String topic, String name) {
        return start(bootstrap, topic, name, 0);
    }

    private JavaProcess start(String bootstrap, String topic, String name, int port) {
        Map<String, String> env = new HashMap<>(connectorEnvironment(topic));
        env.putAll(StackWiring.infrastructure(bootstrap, new StackWiring.Database("127.0.0.1",
                EmbeddedPostgresServer.port(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD)));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("PB_TOKEN_JWKS_URL", TokenIssuerFixture.shared().jwksUrl());
        env.put("PB_TOKEN_ISSUER", TokenIssuerFixture.shared().issuer());
        env.put("PB_TOKEN_REVOCATIONS_URL", TokenIssuerFixture.shared().revocationsUrl());
        // A killed replica's replay is taken over after this, not after the default 30 s.
        env.put("CONNECTOR_OPS_REPLAY_LEASE_TTL", "4s");
        env.put("CONNECTOR_OPS_REPLAY_POLL_INTERVAL", "1s");
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
