package dev.profilebridge.service.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.EmbeddedKafkaBroker;
import dev.profilebridge.testsupport.ServiceProcess;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.testsupport.sap.C4CCustomer;
import dev.profilebridge.testsupport.sap.C4CSandbox;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The packaged connector as its own process, killed with SIGKILL while customers are being created (POSTs in
 * flight, offsets and delivery state not yet written) and started again: every UID ends as exactly one customer at
 * its newest version, and nothing lands on the dead-letter topic.
 */
class ServiceConnectorRestartIT {

    private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
    private final C4CSandbox sandbox = C4CSandbox.start(0, "IT_USER", "it-password");
    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(ServiceProcess::kill);
        sandbox.close();
    }

    @Test
    void aConnectorKilledBetweenPostAndCommitCreatesNoDuplicateAfterItsRestart() {
        String bootstrap = EmbeddedKafkaBroker.bootstrapServers();
        String topic = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        int uids = 600;
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int version = 0; version < 2; version++) {
            for (int i = 0; i < uids; i++) {
                String uid = topic + "-" + i;
                records.add(new ProducerRecord<>(topic, uid, event(uid, version)));
            }
        }
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            kafka.topics().createAndWait(topic, 3);
            kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
        }
        sandbox.latency(Duration.ofMillis(40));

        ServiceProcess first = start(bootstrap, topic, "first");
        Await.until(Duration.ofSeconds(120), () -> sandbox.customerCount() >= 150);
        first.kill();
        int createdBeforeKill = sandbox.customerCount();
        assertTrue(createdBeforeKill < uids, "killed mid-stream, not after the end: " + createdBeforeKill);

        start(bootstrap, topic, "second");
        Await.until(Duration.ofSeconds(180), () -> atVersion(topic, uids, "v1") == uids);

        assertEquals(uids, sandbox.customerCount(), "one customer per UID, none created twice");
        for (int i = 0; i < uids; i++) {
            assertEquals(1, sandbox.customersWithExternalId(topic + "-" + i).size());
        }
        assertEquals(0, TopicReader.read(bootstrap, topic + ".dlq", record -> true, 1, Duration.ofSeconds(3)).size(),
                "nothing was dead-lettered");
    }

    private ServiceProcess start(String bootstrap, String topic, String name) {
        Map<String, String> env = ServiceProcess.infrastructure(bootstrap);
        env.put("PB_TOPIC_SERVICE", topic);
        env.put("PB_C4C_URL", sandbox.serviceUrl());
        env.put("PB_C4C_USER", "IT_USER");
        env.put("PB_C4C_PASSWORD", "it-password");
        ServiceProcess process = ServiceProcess.start(Path.of(System.getProperty("app.jar")), env,
                Path.of("target", "restart-it-" + name + ".log"));
        processes.add(process);
        return process;
    }

    private long atVersion(String topic, int uids, String firstName) {
        long count = 0;
        for (int i = 0; i < uids; i++) {
            List<C4CCustomer> customers = sandbox.customersWithExternalId(topic + "-" + i);
            if (customers.size() == 1 && firstName.equals(customers.get(0).field("FirstName"))) {
                count++;
            }
        }
        return count;
    }

    private static String event(String uid, int version) {
        return "{\"uid\":\"" + uid + "\",\"changedAt\":\"" + BASE.plusSeconds(version) + "\",\"receivedAt\":\"" + BASE
                + "\",\"source\":\"it\",\"requestId\":\"r\",\"profile\":{\"firstName\":\"v" + version + "\",\"lastName\":"
                + "\"Restart\"},\"preferences\":{},\"subscriptions\":{},\"data\":{}}";
    }
}
