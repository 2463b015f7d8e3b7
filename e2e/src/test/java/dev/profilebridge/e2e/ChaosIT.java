package dev.profilebridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.KafkaTopics;
import dev.profilebridge.testsupport.Await;
import dev.profilebridge.stack.infrastructure.CuttableTcpProxy;
import dev.profilebridge.stack.infrastructure.EmbeddedKafkaBroker;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.sandbox.SapGatewaySandbox;
import dev.profilebridge.stack.JavaProcess;
import dev.profilebridge.stack.ProfileBridgeService;
import dev.profilebridge.stack.StackWiring;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.stack.ListenPorts;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Both connectors as several replicas under everything production does to them at once: three replicas of each as
 * processes on one Kafka (6 partitions a topic), {@code chaos.profiles} profile events (default 20,000) with several
 * versions per UID sent out of order and poison records among them, sent in waves while one replica of each is
 * killed with SIGKILL and started again, one is added and one removed (rebalances), PostgreSQL is cut off for
 * {@code chaos.postgres-outage} (default 30 s), and the sandboxes answer 429 and 503 bursts and slow answers.
 * At the end, from the sandboxes' own counters: every UID at its newest version in both, no C4C customer created
 * twice, no write that put an older version over a newer one, every poison record on its dead-letter topic with its
 * reason and nothing else there, and never more concurrent calls at a sandbox than its tenant's budget.
 * {@code bench/chaos.sh} runs the same scenario at 100,000 profiles.
 */
class ChaosIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("repository.root"));
    private static final int PROFILES = Integer.getInteger("chaos.profiles", 20_000);
    private static final Duration POSTGRES_OUTAGE = Duration.parse(System.getProperty("chaos.postgres-outage", "PT30S"));
    private static final int PARTITIONS = 6;
    private static final int WAVES = 10;
    private static final int POISON_PER_KIND = 10;
    private static final int MARKETING_BUDGET = 8;
    private static final int C4C_BUDGET = 4;
    private static final String USER = "CHAOS_USER";
    private static final String PASSWORD = "chaos-password";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static MarketingCloudSandbox marketing;
    private static C4CSandbox c4c;
    private static CuttableTcpProxy postgres;
    private static String bootstrap;
    private static final List<JavaProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private static final Map<JavaProcess, Integer> replicaPorts = new HashMap<>();

    /** One connector under test: its service, sandbox, topic, budget and replicas by name. */
    private record Connector(ProfileBridgeService service, SapGatewaySandbox sandbox, String topic, int budget,
            Map<String, JavaProcess> replicas) {
    }

    @BeforeAll
    static void startInfrastructure() {
        marketing = MarketingCloudSandbox.start(0, USER, PASSWORD);
        c4c = C4CSandbox.start(0, USER, PASSWORD);
        bootstrap = EmbeddedKafkaBroker.bootstrapServers();
        postgres = CuttableTcpProxy.start(0, EmbeddedPostgresServer.port());
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (JavaProcess process : List.copyOf(processes)) {
            process.kill();
        }
        postgres.close();
        marketing.close();
        c4c.close();
    }

    @Test
    void everyProfileEndsAtItsNewestVersionThroughKillsRebalancesAPostgreSqlOutageAndThrottling() throws Exception {
        String run = "chaos" + Long.toString(System.currentTimeMillis(), 36);
        Connector mkt = new Connector(ProfileBridgeService.MARKETING_CONNECTOR, marketing, run + ".marketing",
                MARKETING_BUDGET, new LinkedHashMap<>());
        Connector svc = new Connector(ProfileBridgeService.SERVICE_CONNECTOR, c4c, run + ".service", C4C_BUDGET,
                new LinkedHashMap<>());
        List<Connector> connectors = List.of(mkt, svc);
        Workload workload = Workload.of(run, PROFILES, new Random(42));
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            for (Connector connector : connectors) {
                KafkaTopics.create(kafka, connector.topic(), PARTITIONS);
            }
            marketing.latency(Duration.ofMillis(20));
            c4c.latency(Duration.ofMillis(20));
            for (Connector connector : connectors) {
                for (String replica : List.of("r1", "r2", "r3")) {
                    start(run, connector, replica);
                }
            }
            awaitReady(connectors);
            long started = System.nanoTime();

            List<List<ProducerRecord<String, String>>> waves = new ArrayList<>();
            for (Connector connector : connectors) {
                List<List<ProducerRecord<String, String>>> ofTopic = workload.waves(connector.topic(), WAVES);
                for (int wave = 0; wave < WAVES; wave++) {
                    if (waves.size() <= wave) {
                        waves.add(new ArrayList<>());
                    }
                    waves.get(wave).addAll(ofTopic.get(wave));
                }
            }
            for (int wave = 0; wave < WAVES; wave++) {
                kafka.produceStrings().fromRecords(waves.get(wave)).awaitCompletion(Duration.ofMinutes(2));
                chaos(wave, run, connectors);
            }
            Await.until(Duration.ofMinutes(10), () -> connectors.stream().allMatch(c -> workload.behind(c.sandbox()) == 0));
            double seconds = (System.nanoTime() - started) / 1e9;

            Map<String, List<ConsumerRecord<String, String>>> deadLetters = new LinkedHashMap<>();
            for (Connector connector : connectors) {
                // Everything on the dead-letter topic (read until quiet), to see anything besides the poison.
                deadLetters.put(connector.topic(), TopicReader.read(bootstrap, connector.topic() + ".dlq", record -> true,
                        Integer.MAX_VALUE, Duration.ofSeconds(15)));
            }
            report(workload, connectors, deadLetters, seconds);
            for (Connector connector : connectors) {
                assertEquals(List.of(), workload.staleOverwrites(connector.sandbox()), connector.service().module()
                        + ": no write put an older version over a newer one");
                assertTrue(connector.sandbox().peakConcurrentRequests() <= connector.budget(), connector.service().module()
                        + ": peak " + connector.sandbox().peakConcurrentRequests() + " within the tenant's budget "
                        + connector.budget());
                assertPoisonDeadLettered(workload, deadLetters.get(connector.topic()));
            }
            List<String> externalIds = c4c.externalIds().stream().filter(id -> id.startsWith(run)).toList();
            assertEquals(externalIds.size(), Set.copyOf(externalIds).size(), "no C4C customer created twice");
            assertEquals(workload.newest().keySet(), Set.copyOf(externalIds), "one C4C customer per UID");
        }
    }

    /** What happens after each wave: kills, scale-out and scale-in, the PostgreSQL outage, SAP's bad moods. */
    private void chaos(int wave, String run, List<Connector> connectors) throws InterruptedException {
        switch (wave) {
            case 1 -> {
                for (Connector connector : connectors) {
                    connector.replicas().remove("r1").kill();
                    start(run, connector, "r1-restarted");
                }
            }
            case 2 -> connectors.forEach(connector -> connector.sandbox().failNextBatches(5, 503, null));
            case 3 -> {
                for (Connector connector : connectors) {
                    start(run, connector, "r4");
                }
                awaitReady(connectors);
            }
            case 4 -> {
                for (Connector connector : connectors) {
                    connector.replicas().remove("r2").stop(Duration.ofSeconds(60));
                }
            }
            case 5 -> {
                postgres.cut();
                Thread.sleep(POSTGRES_OUTAGE.toMillis());
                postgres.restore();
            }
            case 6 -> connectors.forEach(connector -> connector.sandbox().failNextBatches(5, 429, Duration.ofSeconds(1)));
            case 7 -> {
                marketing.latency(Duration.ofMillis(800));
                c4c.latency(Duration.ofMillis(800));
                Thread.sleep(3_000);
                marketing.latency(Duration.ofMillis(20));
                c4c.latency(Duration.ofMillis(20));
            }
            default -> Thread.sleep(1_000);
        }
    }

    private void start(String run, Connector connector, String replica) {
        Map<String, String> env = new HashMap<>(StackWiring.infrastructure(bootstrap, new StackWiring.Database("127.0.0.1",
                postgres.port(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)));
        ProfileBridgeService service = connector.service();
        env.put(service.targetVariable("URL"), connector.sandbox().serviceUrl());
        env.put(service.targetVariable("USER"), USER);
        env.put(service.targetVariable("PASSWORD"), PASSWORD);
        env.put(service.targetVariable("MAX_IN_FLIGHT"), Integer.toString(connector.budget()));
        env.put(connector.service() == ProfileBridgeService.MARKETING_CONNECTOR ? "PB_TOPIC_MARKETING" : "PB_TOPIC_SERVICE",
                connector.topic());
        env.put("CONNECTOR_NAME", run + "-" + connector.service().module());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ListenPorts.unused()));
        // Short clocks for a test: SAP calls time out after 5 s, leases of a killed replica end after 15 s, and its
        // partitions go to the others after a 10 s session instead of Kafka's 45 s.
        env.put("MARKETING_TIMEOUT", "5s");
        env.put("C4C_TIMEOUT", "5s");
        env.put("CONNECTOR_BUDGET_LEASE_TTL", "15s");
        env.put("CONNECTOR_OUTAGE_PROBE_INTERVAL", "1s");
        env.put("JAVA_TOOL_OPTIONS", "-Dmp.messaging.incoming.profiles.session.timeout.ms=10000");
        JavaProcess process = JavaProcess.jar(connector.service().module() + "-" + replica,
                connector.service().jar(REPOSITORY), env,
                Path.of("target", "chaos-logs", connector.service().module() + "-" + replica + ".log"));
        processes.add(process);
        connector.replicas().put(replica, process);
        replicaPorts.put(process, Integer.parseInt(env.get("QUARKUS_HTTP_PORT")));
    }

    private static void awaitReady(List<Connector> connectors) {
        for (Connector connector : connectors) {
            connector.replicas().values().forEach(process -> process.awaitOk("http://127.0.0.1:"
                    + replicaPorts.get(process) + "/q/health/ready", START_TIMEOUT));
        }
    }

    private static void assertPoisonDeadLettered(Workload workload, List<ConsumerRecord<String, String>> letters) {
        Set<String> keys = letters.stream().map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(workload.poison()), keys, "every poison record dead-lettered, nothing else");
        for (ConsumerRecord<String, String> letter : letters) {
            DeadLetter dead = DeadLetter.from(letter.headers());
            String reason = dead.reason();
            assertEquals("InvalidEvent", dead.errorClass(), letter.key());
            assertTrue(letter.key().contains("-far-") ? reason.contains("outside the years 1 to 9999")
                    : reason.contains("control characters"), letter.key() + ": " + reason);
        }
    }

    private static void report(Workload workload, List<Connector> connectors,
            Map<String, List<ConsumerRecord<String, String>>> deadLetters, double seconds) {
        System.out.printf("chaos: %d profile events for %d UIDs (%d poison) per connector, %d partitions, delivered "
                + "through the chaos in %.0f s%n", workload.records(), workload.newest().size(), workload.poison().size(),
                PARTITIONS, seconds);
        for (Connector connector : connectors) {
            SapGatewaySandbox sandbox = connector.sandbox();
            System.out.printf("chaos: %-20s peak concurrent calls %d (budget %d), stale overwrites %d, dead letters %d, "
                    + "requests %d%n", connector.service().module(), sandbox.peakConcurrentRequests(), connector.budget(),
                    workload.staleOverwrites(sandbox).size(), deadLetters.get(connector.topic()).size(),
                    sandbox.requestsReceived());
        }
        System.out.printf("chaos: C4C customers %d for %d UIDs, throttled (429) %d%n", c4c.externalIds().size(),
                workload.newest().size(), c4c.throttledRequests());
    }


    /**
     * The profile events of a run: UIDs in one to four versions each, the versions of a UID sent in a shuffled order
     * (older ones after newer ones, as CDC's parallel writers do), plus poison records: change times SAP and
     * PostgreSQL cannot hold, UIDs with a NUL.
     */
    private record Workload(String run, Map<String, Integer> newest, List<String[]> events, List<String> poison) {

        static Workload of(String run, int records, Random random) {
            Map<String, Integer> newest = new LinkedHashMap<>();
            List<String[]> events = new ArrayList<>();
            for (int uid = 0; events.size() < records - 2 * POISON_PER_KIND; uid++) {
                String key = run + "-" + uid;
                int versions = 1 + random.nextInt(4);
                List<Integer> order = new ArrayList<>();
                for (int v = 0; v < versions; v++) {
                    order.add(v);
                }
                Collections.shuffle(order, random);
                order.forEach(v -> events.add(new String[] {key, ProfileEvents.event(key, v, "v" + v)}));
                newest.put(key, versions - 1);
            }
            List<String> poison = new ArrayList<>();
            for (int i = 0; i < POISON_PER_KIND; i++) {
                String far = run + "-far-" + i;
                String nul = run + "-nul\u0000" + i;
                events.add(random.nextInt(events.size()), new String[] {far, ProfileEvents.event(far, 1, "Far")
                        .replace(ProfileEvents.BASE.plusSeconds(1).toString(), "+999999999-01-01T00:00:00Z")});
                events.add(random.nextInt(events.size()), new String[] {nul, ProfileEvents.event(nul, 1, "Nul")
                        .replace("\u0000", "\\u0000")});
                poison.add(far);
                poison.add(nul);
            }
            return new Workload(run, newest, events, poison);
        }

        int records() {
            return events.size();
        }

        List<List<ProducerRecord<String, String>>> waves(String topic, int count) {
            List<List<ProducerRecord<String, String>>> waves = new ArrayList<>();
            int size = (events.size() + count - 1) / count;
            for (int from = 0; from < events.size(); from += size) {
                waves.add(events.subList(from, Math.min(events.size(), from + size)).stream()
                        .map(event -> new ProducerRecord<>(topic, event[0], event[1])).toList());
            }
            return waves;
        }

        /** UIDs the sandbox does not hold at their newest version yet. */
        long behind(SapGatewaySandbox sandbox) {
            return newest.entrySet().stream().filter(entry -> {
                List<String> history = sandbox.firstNameHistory(entry.getKey());
                return history.isEmpty() || !history.get(history.size() - 1).equals("v" + entry.getValue());
            }).count();
        }

        /** UIDs whose writes at the sandbox went back to an older version at some point. */
        List<String> staleOverwrites(SapGatewaySandbox sandbox) {
            List<String> stale = new ArrayList<>();
            for (String uid : newest.keySet()) {
                int highest = -1;
                for (String firstName : sandbox.firstNameHistory(uid)) {
                    int version = Integer.parseInt(firstName.substring(1));
                    if (version < highest) {
                        stale.add(uid);
                        break;
                    }
                    highest = version;
                }
            }
            return stale;
        }
    }
}
