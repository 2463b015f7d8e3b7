package dev.profilebridge.marketing.it;

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
import dev.profilebridge.testsupport.sap.MarketingCloudSandbox;
import dev.profilebridge.testsupport.sap.MarketingContact;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The packaged connector as its own process, killed with SIGKILL in the middle of a backlog and started again:
 * every profile still arrives at its newest version, and nothing lands on the dead-letter topic.
 */
class MarketingConnectorRestartIT {

    private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
    private final MarketingCloudSandbox sandbox = MarketingCloudSandbox.start(0, "IT_USER", "it-password");
    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(ServiceProcess::kill);
        sandbox.close();
    }

    @Test
    void aConnectorKilledMidStreamLosesNothingAfterItsRestart() {
        String bootstrap = EmbeddedKafkaBroker.bootstrapServers();
        String topic = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        int uids = 1500;
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
        sandbox.latency(Duration.ofMillis(30));

        ServiceProcess first = start(bootstrap, topic, "first");
        Await.until(Duration.ofSeconds(120), () -> sandbox.contactCount() >= 300);
        first.kill();
        int deliveredBeforeKill = sandbox.contactCount();
        assertTrue(deliveredBeforeKill < uids, "killed mid-stream, not after the end: " + deliveredBeforeKill);

        start(bootstrap, topic, "second");
        Await.until(Duration.ofSeconds(180), () -> atVersion(topic, uids, "v1") == uids);

        assertEquals(uids, sandbox.contactCount());
        assertEquals(0, TopicReader.read(bootstrap, topic + ".dlq", record -> true, 1, Duration.ofSeconds(3)).size(),
                "nothing was dead-lettered");
    }

    private ServiceProcess start(String bootstrap, String topic, String name) {
        Map<String, String> env = ServiceProcess.infrastructure(bootstrap);
        env.put("PB_TOPIC_MARKETING", topic);
        env.put("PB_MARKETING_URL", sandbox.serviceUrl());
        env.put("PB_MARKETING_USER", "IT_USER");
        env.put("PB_MARKETING_PASSWORD", "it-password");
        env.put("PB_MARKETING_MAX_IN_FLIGHT", "4");
        ServiceProcess process = ServiceProcess.start(Path.of(System.getProperty("app.jar")),
                env, Path.of("target", "restart-it-" + name + ".log"));
        processes.add(process);
        return process;
    }

    private long atVersion(String topic, int uids, String firstName) {
        long count = 0;
        for (int i = 0; i < uids; i++) {
            MarketingContact contact = sandbox.contact("GIGYA", topic + "-" + i);
            if (contact != null && firstName.equals(contact.field("FirstName"))) {
                count++;
            }
        }
        return count;
    }

    private static String event(String uid, int version) {
        return "{\"uid\":\"" + uid + "\",\"changedAt\":\"" + BASE.plusSeconds(version) + "\",\"receivedAt\":\"" + BASE
                + "\",\"source\":\"it\",\"requestId\":\"r\",\"profile\":{\"firstName\":\"v" + version + "\",\"email\":\""
                + uid + "@example.com\"},\"preferences\":{},\"subscriptions\":{},\"data\":{},\"account\":{}}";
    }
}
