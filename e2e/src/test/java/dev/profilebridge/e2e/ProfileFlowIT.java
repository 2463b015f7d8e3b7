package dev.profilebridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.stack.infrastructure.EmbeddedKafkaBroker;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.stack.cdc.CdcAccounts;
import dev.profilebridge.stack.cdc.CdcDataflowPlayer;
import dev.profilebridge.sandbox.C4CCustomer;
import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.sandbox.MarketingContact;
import dev.profilebridge.stack.JavaProcess;
import dev.profilebridge.stack.ProfileBridgeService;
import dev.profilebridge.stack.StackWiring;
import dev.profilebridge.stack.TokenServiceAdmin;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.stack.ListenPorts;

/**
 * The whole flow across processes, as in production: token-service, ingest-service and both connectors from their
 * packaged jars, each its own JVM, against one Kafka broker, one PostgreSQL server and the Marketing Cloud and C4C
 * sandboxes (in this JVM, so the test reads back what they stored). Driven through HTTP only, as CDC's IdentitySync
 * does; every profile goes to both connectors (ingest-service's default routes).
 */
class ProfileFlowIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("repository.root"));
    private static final String ORIGIN = "GIGYA";
    private static final String MARKETING_DLQ = "profiles.marketing.dlq";
    private static final String SERVICE_DLQ = "profiles.service.dlq";
    private static final String SANDBOX_USER = "E2E_USER";
    private static final String SANDBOX_PASSWORD = "e2e-password";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    /** The mapper's and the sandbox's test for an e-mail address SAP takes. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private static final Map<ProfileBridgeService, JavaProcess> services = new EnumMap<>(ProfileBridgeService.class);
    private static MarketingCloudSandbox marketing;
    private static C4CSandbox c4c;
    private static StackWiring wiring;
    private static CdcDataflowPlayer dataflow;

    @BeforeAll
    static void startStack() throws Exception {
        marketing = MarketingCloudSandbox.start(0, SANDBOX_USER, SANDBOX_PASSWORD);
        c4c = C4CSandbox.start(0, SANDBOX_USER, SANDBOX_PASSWORD);
        // Kafka and PostgreSQL take their ports first, so none of them is one of the free ports picked below.
        String bootstrapServers = EmbeddedKafkaBroker.bootstrapServers();
        int postgresPort = EmbeddedPostgresServer.port();
        Map<ProfileBridgeService, Integer> ports = new EnumMap<>(ProfileBridgeService.class);
        for (ProfileBridgeService service : ProfileBridgeService.values()) {
            ports.put(service, ListenPorts.unused());
        }
        wiring = new StackWiring(bootstrapServers,
                new StackWiring.Database("127.0.0.1", postgresPort, EmbeddedPostgresServer.DATABASE,
                        EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD),
                ports, "ZTJlLW9ubHkta2V5LWVuY3J5cHRpb24ta2V5LTMyYnk=", "e2e-admin", "e2e-admin-secret-0123456789",
                Map.of(ProfileBridgeService.MARKETING_CONNECTOR,
                        new StackWiring.SapTarget(marketing.serviceUrl(), SANDBOX_USER, SANDBOX_PASSWORD),
                        ProfileBridgeService.SERVICE_CONNECTOR,
                        new StackWiring.SapTarget(c4c.serviceUrl(), SANDBOX_USER, SANDBOX_PASSWORD)));
        wiring.startServices(service -> {
            JavaProcess process = start(service, "first");
            services.put(service, process);
            return process;
        }, START_TIMEOUT);
        String secret = new TokenServiceAdmin(wiring.url(ProfileBridgeService.TOKEN_SERVICE), wiring.adminClientId(),
                wiring.adminClientSecret()).registerClient("e2e-cdc", "profiles:write");
        dataflow = new CdcDataflowPlayer(wiring.url(ProfileBridgeService.TOKEN_SERVICE),
                wiring.url(ProfileBridgeService.INGEST_SERVICE), "e2e-cdc", secret, 50);
    }

    @AfterAll
    static void stopStack() throws InterruptedException {
        for (JavaProcess process : services.values()) {
            process.stop(Duration.ofSeconds(10));
        }
        marketing.close();
        c4c.close();
    }

    @Test
    void everyAcceptedProfileArrivesAtItsNewestVersionAndWhatSapRejectsIsDeadLettered() throws Exception {
        DataflowRun run = DataflowRun.of("flow", 1000);
        Map<String, ObjectNode> newest = run.newest();
        Set<String> unmappable = run.unmappable();
        // Contacts sent once: every version of a rejected contact is dead-lettered, and this test counts them once.
        Map<String, Long> versions = run.records().stream()
                .collect(Collectors.groupingBy(record -> record.get("UID").asText(), Collectors.counting()));
        Set<String> rejectedBySap = newest.keySet().stream()
                .filter(uid -> !unmappable.contains(uid) && versions.get(uid) == 1).limit(5).collect(Collectors.toSet());
        rejectedBySap.forEach(marketing::rejectContact);
        Set<String> rejectedByC4C = newest.keySet().stream().filter(uid -> versions.get(uid) == 1 && !rejectedBySap.contains(uid))
                .limit(5).collect(Collectors.toSet());
        rejectedByC4C.forEach(c4c::rejectCustomer);

        CdcDataflowPlayer.Outcome outcome = dataflow.play(run.records(), sent -> { });
        assertEquals(0, outcome.rejected(), "ingest-service takes every generated account");

        Set<String> deliverable = minus(minus(newest.keySet(), unmappable), rejectedBySap);
        assertSandboxHoldsTheNewestVersionsOf(deliverable, run);

        Map<String, List<ConsumerRecord<String, String>>> deadLetters = deadLetters(run.prefix(),
                unmappable.size() + rejectedBySap.size());
        assertEquals(minus(newest.keySet(), deliverable), deadLetters.keySet(), "dead letters");
        deadLetters.forEach((uid, letters) -> {
            assertEquals(1, letters.size(), uid + " dead-lettered once");
            ConsumerRecord<String, String> letter = letters.get(0);
            DeadLetter dead = DeadLetter.from(letter.headers());
            String message = dead.targetMessage();
            if (unmappable.contains(uid)) {
                assertEquals("UnmappableProfile", dead.errorClass(), uid);
                assertTrue(message.contains("no valid e-mail address"), uid + ": " + message);
            } else {
                assertEquals("RejectedByTarget", dead.errorClass(), uid);
                assertEquals(400, dead.httpStatus(), uid);
                assertTrue(message.contains("rejected by the sandbox"), uid + ": " + message);
            }
        });

        // C4C takes what Marketing Cloud cannot (no e-mail needed), so only what the C4C sandbox rejects is missing.
        assertC4CHoldsTheNewestVersionsOf(minus(newest.keySet(), rejectedByC4C), run);
        Map<String, List<ConsumerRecord<String, String>>> c4cDeadLetters = TopicReader.read(
                EmbeddedKafkaBroker.bootstrapServers(), SERVICE_DLQ, r -> r.key().startsWith(run.prefix()),
                rejectedByC4C.size(), DELIVERY_TIMEOUT).stream().collect(Collectors.groupingBy(ConsumerRecord::key));
        assertEquals(rejectedByC4C, c4cDeadLetters.keySet(), "C4C dead letters");
        c4cDeadLetters.forEach((uid, letters) -> {
            assertEquals(1, letters.size(), uid + " dead-lettered once");
            DeadLetter dead = DeadLetter.from(letters.get(0).headers());
            assertEquals("RejectedByTarget", dead.errorClass(), uid);
            assertTrue(dead.targetMessage().contains(uid), uid);
        });
    }

    @Test
    void aConnectorKilledInTheMiddleOfARunLosesNothingOnceItIsBack() throws Exception {
        DataflowRun run = DataflowRun.of("restart", 1500);
        Set<String> deliverable = minus(run.newest().keySet(), run.unmappable());
        // Once 200 contacts arrived the sandbox stops answering, so the kill lands mid-run with requests in flight,
        // however fast or slow the machine.
        int heldBefore = marketing.heldAnswers();
        marketing.holdAnswersWhen(() -> contactIds(run.prefix()).size() >= 200);
        try {
            dataflow.play(run.records(), sent -> { });
            Await.until(DELIVERY_TIMEOUT, () -> marketing.heldAnswers() > heldBefore);
            services.get(ProfileBridgeService.MARKETING_CONNECTOR).kill();
            int deliveredBeforeKill = contactIds(run.prefix()).size();
            assertTrue(deliveredBeforeKill < deliverable.size(), "killed mid-run, not after it: " + deliveredBeforeKill);
        } finally {
            marketing.releaseAnswers();
        }

        JavaProcess restarted = start(ProfileBridgeService.MARKETING_CONNECTOR, "restarted");
        services.put(ProfileBridgeService.MARKETING_CONNECTOR, restarted);
        restarted.awaitOk(wiring.url(ProfileBridgeService.MARKETING_CONNECTOR) + "/q/health/ready", START_TIMEOUT);

        assertSandboxHoldsTheNewestVersionsOf(deliverable, run);
        assertC4CHoldsTheNewestVersionsOf(run.newest().keySet(), run);
        // A record dead-lettered just before the kill, its offset not yet committed, is dead-lettered again.
        assertEquals(run.unmappable(), deadLetters(run.prefix(), run.unmappable().size()).keySet());
    }

    /** The README's walkthrough for operators, with the operators' command against the running services. */
    @Test
    void anOperatorFindsADeadLetterTracesItsUidAndReplaysItAfterAFix() throws Exception {
        DataflowRun run = DataflowRun.of("ops", 20);
        String uid = run.newest().keySet().stream().filter(candidate -> !run.unmappable().contains(candidate))
                .findFirst().orElseThrow();
        marketing.rejectContact(uid);
        dataflow.play(run.records(), sent -> { });
        deadLetters(uid, 1);
        String secret = new TokenServiceAdmin(wiring.url(ProfileBridgeService.TOKEN_SERVICE), wiring.adminClientId(),
                wiring.adminClientSecret()).registerClient("e2e-operator", "dlq:operate");
        OperatorsCommand ops = new OperatorsCommand(REPOSITORY, Map.of(
                "PB_OPS_TOKEN_URL", wiring.url(ProfileBridgeService.TOKEN_SERVICE) + "/oauth/token",
                "PB_OPS_CLIENT_ID", "e2e-operator", "PB_OPS_CLIENT_SECRET", secret,
                "PB_OPS_MARKETING_URL", wiring.url(ProfileBridgeService.MARKETING_CONNECTOR),
                "PB_OPS_SERVICE_URL", wiring.url(ProfileBridgeService.SERVICE_CONNECTOR),
                "PB_OPS_INGEST_URL", wiring.url(ProfileBridgeService.INGEST_SERVICE)));

        JsonNode summary = ops.json("dlq", "summary", "-c", "marketing", "--json");
        assertTrue(summary.path("byReason").path("RejectedByTarget").asInt() >= 1, summary.toString());
        String listed = ops.text("dlq", "list", "-c", "marketing", "--uid", uid);
        assertTrue(listed.contains(uid) && listed.contains("RejectedByTarget"), listed);
        String trace = ops.text("trace", uid);
        assertTrue(trace.contains("dead letter") && trace.contains("service:"), trace);

        marketing.acceptContact(uid);
        JsonNode dryRun = ops.json("dlq", "replay", "-c", "marketing", "--uid", uid, "--dry-run", "--json");
        assertEquals(1, dryRun.path("counts").path("replayed").asInt(), dryRun.toString());
        String replayed = ops.text("dlq", "replay", "-c", "marketing", "--uid", uid, "--max-per-second", "5", "--wait");
        assertTrue(replayed.contains("(done)") && replayed.contains("replayed 1"), replayed);
        Await.until(DELIVERY_TIMEOUT, () -> marketing.contact("GIGYA", uid) != null);
        assertTrue(ops.text("replay", "list", "-c", "marketing").contains("e2e-operator"), "the audit names who asked");

        OperatorsCommand.Result refused = new OperatorsCommand(REPOSITORY, Map.of("PB_OPS_TOKEN_URL",
                wiring.url(ProfileBridgeService.TOKEN_SERVICE) + "/oauth/token", "PB_OPS_CLIENT_ID", "e2e-operator",
                "PB_OPS_CLIENT_SECRET", "wrong")).run("dlq", "summary", "-c", "marketing");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.error().contains("token-service refused"), refused.error());
    }

    /**
     * The same walkthrough in the operations console, in a headless Chromium: sign in, the dead letter a sandbox
     * rejection made, its profile, a dry run's numbers, the replay once the sandbox takes the contact, delivered; an
     * accessibility check and a screenshot of each page (target/console-screenshots; docs/console shows them).
     */
    @Test
    void anOperatorDoesTheSameInTheConsoleInARealBrowser() throws Exception {
        DataflowRun run = DataflowRun.of("console", 20);
        String uid = run.newest().keySet().stream().filter(candidate -> !run.unmappable().contains(candidate))
                .findFirst().orElseThrow();
        marketing.rejectContact(uid);
        dataflow.play(run.records(), sent -> { });
        deadLetters(uid, 1);
        Await.until(DELIVERY_TIMEOUT, () -> c4c.customersWithExternalId(uid).size() == 1);
        String secret = new TokenServiceAdmin(wiring.url(ProfileBridgeService.TOKEN_SERVICE), wiring.adminClientId(),
                wiring.adminClientSecret()).registerClient("e2e-console-operator", "dlq:operate");
        marketing.acceptContact(uid);

        Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
        ConsoleBrowser.Result walked = ConsoleBrowser.walkthrough(Map.of(
                "CONSOLE_URL", wiring.url(ProfileBridgeService.OPS_CONSOLE), "CLIENT_ID", "e2e-console-operator",
                "CLIENT_SECRET", secret, "UID", uid, "CONNECTOR", "marketing", "SCREENSHOTS", screenshots.toString()));
        assertEquals(0, walked.exitCode(), walked.error() + walked.output());

        assertTrue(marketing.contact(ORIGIN, uid) != null, "the replay the browser started delivered the contact");
        for (String page : List.of("sign-in", "overview", "dead-letters", "profile", "replays", "dry-run", "replay",
                "profile-delivered")) {
            assertTrue(Files.size(screenshots.resolve(page + ".png")) > 10_000, page + ".png");
        }
    }

    /**
     * Every metric the chart's alerts (monitoring/alerts.yaml) and Grafana dashboards (dashboards/*.json) read is one
     * a running service exposes on /q/metrics, so a renamed metric cannot silently blind them. Scraped after traffic
     * that made a dead letter: some meters (dead letters by reason) exist only once they counted something.
     */
    @Test
    void everyMetricTheAlertsAndDashboardsReadIsOneTheServicesExpose() throws Exception {
        DataflowRun run = DataflowRun.of("metrics", 20);
        String uid = run.newest().keySet().stream().filter(candidate -> !run.unmappable().contains(candidate))
                .findFirst().orElseThrow();
        marketing.rejectContact(uid);
        dataflow.play(run.records(), sent -> { });
        deadLetters(uid, 1);

        Map<String, Set<String>> read = ExposedMetrics.readByTheChart(REPOSITORY.resolve("deploy/helm/profile-bridge"));
        assertTrue(read.size() > 20, "the chart's queries were found: " + read.keySet());
        // Micrometer's Kafka binder adds a client's per-partition meters (the lag) at its next refresh, up to a minute
        // after the partitions were assigned: scrape until all are there or the time is up.
        // Polled every 2 s, not Await's 100 ms: a scrape of the four services is a few hundred kB of text.
        Set<String> wanted = minus(read.keySet(), ExposedMetrics.NOT_FROM_THE_SERVICES);
        Set<String> exposed = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (exposed.addAll(scrapeAll()); !exposed.containsAll(wanted) && System.nanoTime() < deadline;
                exposed.addAll(scrapeAll())) {
            Thread.sleep(2000);
        }
        read.forEach((metric, where) -> assertTrue(ExposedMetrics.NOT_FROM_THE_SERVICES.contains(metric)
                || exposed.contains(metric), metric + " (in " + where + ") is exposed by no service; exposed: "
                + exposed.stream().filter(name -> name.startsWith(metric.substring(0, metric.indexOf('_') + 1))).toList()));
    }

    private static Set<String> scrapeAll() {
        Set<String> exposed = new TreeSet<>();
        for (ProfileBridgeService service : ProfileBridgeService.values()) {
            try {
                exposed.addAll(ExposedMetrics.scrape(URI.create(wiring.url(service) + "/q/metrics")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return exposed;
    }

    private static JavaProcess start(ProfileBridgeService service, String run) {
        Map<String, String> env = new HashMap<>(wiring.environment(service));
        if (service.isConnector()) {
            // Small batches keep a run long enough to be interrupted; a short session lets the killed member's
            // partitions go to its successor after seconds instead of the default 45 s.
            env.put("CONNECTOR_BATCH_SIZE", "10");
            env.put("CONNECTOR_MAX_IN_FLIGHT", "4");
            env.put("JAVA_TOOL_OPTIONS", "-Dmp.messaging.incoming.profiles.session.timeout.ms=10000");
            // SAP calls and concurrency leases on a short clock: the killed connector's slots come free in seconds.
            env.put("MARKETING_TIMEOUT", "5s");
            env.put("C4C_TIMEOUT", "5s");
            env.put("CONNECTOR_BUDGET_LEASE_TTL", "15s");
        }
        return JavaProcess.jar(service.module(), service.jar(REPOSITORY), env,
                Path.of("target", "e2e-logs", service.module() + "-" + run + ".log"));
    }

    /**
     * One CDC dataflow run of UIDs of its own; {@code newest} is what the sandbox must end with (for each UID the
     * version with the latest change time), {@code unmappable} the UIDs Marketing Cloud cannot take.
     */
    private record DataflowRun(String prefix, List<ObjectNode> records, Map<String, ObjectNode> newest, Set<String> unmappable) {

        static DataflowRun of(String name, int accounts) {
            String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            List<ObjectNode> records = CdcAccounts.dataflowRun(prefix, accounts, name.hashCode());
            Map<String, ObjectNode> newest = new LinkedHashMap<>();
            for (ObjectNode record : records) {
                newest.merge(record.get("UID").asText(), record, (a, b) -> changedAt(a) >= changedAt(b) ? a : b);
            }
            Set<String> unmappable = newest.entrySet().stream().filter(entry -> hasConsentsButNoValidEmail(entry.getValue()))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            return new DataflowRun(prefix, records, newest, unmappable);
        }
    }

    private static boolean hasConsentsButNoValidEmail(ObjectNode account) {
        String email = account.path("profile").path("email").asText(null);
        boolean consents = account.path("preferences").has(CdcAccounts.MARKETING_CONSENT)
                || account.path("subscriptions").has(CdcAccounts.NEWSLETTER);
        return consents && (email == null || !EMAIL.matcher(email).matches());
    }

    private static Set<String> minus(Set<String> all, Set<String> left) {
        return all.stream().filter(uid -> !left.contains(uid)).collect(Collectors.toSet());
    }

    /** Waits for each UID's newest version, checks it was mapped right, and that no contact of the run is extra. */
    private static void assertSandboxHoldsTheNewestVersionsOf(Set<String> uids, DataflowRun run) {
        Await.until(DELIVERY_TIMEOUT, () -> uids.stream().allMatch(uid -> {
            MarketingContact contact = marketing.contact(ORIGIN, uid);
            return contact != null
                    && edmDate(changedAt(run.newest().get(uid))).equals(contact.field("OriginDataLastChgUTCDateTime"));
        }));
        for (String uid : uids) {
            assertMapped(run.newest().get(uid), marketing.contact(ORIGIN, uid));
        }
        assertEquals(uids, contactIds(run.prefix()), "no contact missing, none that should not be there");
    }

    /** Waits until each UID is one C4C customer at its newest version, mapped right, and no customer is extra. */
    private static void assertC4CHoldsTheNewestVersionsOf(Set<String> uids, DataflowRun run) {
        Await.until(DELIVERY_TIMEOUT, () -> uids.stream().allMatch(uid -> {
            List<C4CCustomer> customers = c4c.customersWithExternalId(uid);
            return customers.size() == 1 && run.newest().get(uid).path("profile").path("firstName").asText()
                    .equals(customers.get(0).field("FirstName"));
        }));
        for (String uid : uids) {
            assertMapped(run.newest().get(uid), c4c.customersWithExternalId(uid).get(0));
        }
        List<String> ofThisRun = c4c.externalIds().stream().filter(id -> id.startsWith(run.prefix())).toList();
        assertEquals(ofThisRun.size(), Set.copyOf(ofThisRun).size(), "no UID created twice");
        assertEquals(uids, Set.copyOf(ofThisRun), "no customer missing, none that should not be there");
    }

    /** The customer holds the account's fields and contact permission as the C4C mapping table of docs/connectors.md says. */
    private static void assertMapped(ObjectNode account, C4CCustomer customer) {
        String uid = account.get("UID").asText();
        JsonNode profile = account.path("profile");
        String email = profile.path("email").asText(null);
        assertEquals(profile.path("lastName").asText("Unknown"), customer.field("LastName"), uid);
        assertEquals(email != null && EMAIL.matcher(email).matches() ? email : null, customer.field("Email"), uid);
        assertEquals(profile.get("country").asText(), customer.field("CountryCode"), uid);
        assertEquals(profile.has("gender") ? ("m".equals(profile.get("gender").asText()) ? "1" : "2") : null,
                customer.field("GenderCode"), uid);
        JsonNode consent = account.path("preferences").path(CdcAccounts.MARKETING_CONSENT);
        assertEquals(consent.isMissingNode() ? null : consent.get("isConsentGranted").asBoolean() ? "1" : "2",
                customer.field("ContactPermissionCode"), uid);
        assertEquals("CDC", customer.field("ExternalSystem"), uid);
    }

    /** The contact holds the account's fields and consents as the mapping table of docs/connectors.md says. */
    private static void assertMapped(ObjectNode account, MarketingContact contact) {
        String uid = account.get("UID").asText();
        JsonNode profile = account.path("profile");
        assertEquals(profile.get("firstName").asText(), contact.field("FirstName"), uid);
        assertEquals(profile.path("lastName").asText(null), contact.field("LastName"), uid);
        assertEquals(profile.path("email").asText(null), contact.field("EmailAddress"), uid);
        assertEquals(profile.get("country").asText(), contact.field("Country"), uid);
        assertEquals(profile.has("gender") ? ("m".equals(profile.get("gender").asText()) ? "1" : "2") : null,
                contact.field("GenderCode"), uid);
        JsonNode consent = account.path("preferences").path(CdcAccounts.MARKETING_CONSENT);
        assertEquals(consent.isMissingNode() ? Set.of() : Set.of("EMAIL=" + yesNo(consent.get("isConsentGranted"))),
                values(contact.permissions(), "CommunicationMedium", "PermissionGranted"), uid);
        JsonNode newsletter = account.path("subscriptions").path(CdcAccounts.NEWSLETTER).path("email");
        assertEquals(newsletter.isMissingNode() ? Set.of() : Set.of("NEWSLETTER=" + yesNo(newsletter.get("isSubscribed"))),
                values(contact.subscriptions(), "SubscriptionTopic", "SubscriptionSignUpExists"), uid);
    }

    private static Set<String> values(Map<String, Map<String, Object>> entities, String key, String value) {
        return entities.values().stream().map(entity -> entity.get(key) + "=" + entity.get(value)).collect(Collectors.toSet());
    }

    private static Set<String> contactIds(String prefix) {
        return marketing.contactIds(ORIGIN).stream().filter(id -> id.startsWith(prefix)).collect(Collectors.toSet());
    }

    private static Map<String, List<ConsumerRecord<String, String>>> deadLetters(String prefix, int expected) {
        return TopicReader.read(EmbeddedKafkaBroker.bootstrapServers(), MARKETING_DLQ, r -> r.key().startsWith(prefix),
                expected, DELIVERY_TIMEOUT).stream().collect(Collectors.groupingBy(ConsumerRecord::key));
    }

    private static long changedAt(JsonNode account) {
        return account.get("lastUpdatedTimestamp").asLong();
    }

    private static String edmDate(long epochMillis) {
        return "/Date(" + epochMillis + ")/";
    }

    private static String yesNo(JsonNode flag) {
        return flag.asBoolean() ? "Y" : "N";
    }

}
