package dev.profilebridge.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.testsupport.TokenIssuerFixture;
import dev.profilebridge.testsupport.TopicReader;
import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ProfileEventFields;
import dev.profilebridge.wire.ReplayHeaders;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The operators' API of every connector, against real Kafka, PostgreSQL and the connector's sandbox: the dead letters
 * the sandbox caused, listed and summed up; a dry run's exact counts, and a replay that does what the dry run said at
 * the asked rate; stale versions left alone; the loop guard parking a record that keeps failing; pause and cancel;
 * scope checks. A connector's test class extends this with {@code @QuarkusTest}, the infrastructure, its sandbox and
 * {@code TokenIssuerResource}.
 */
public abstract class ConnectorOperatorContract extends ConnectorContract {

    private static final String SCOPE = "dlq:operate";

    @Test
    void withoutATokenOrWithoutTheScopeTheOperatorsApiAnswersProblems() {
        given().get("/ops/dead-letters/summary").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TokenIssuerFixture.shared().token("cdc", "profiles:write"))
                .get("/ops/dead-letters/summary").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TokenIssuerFixture.shared().token("cdc", "profiles:write"))
                .contentType(ContentType.JSON).body("{\"dryRun\":true}")
                .post("/ops/replays").then().statusCode(403);
        operator().get("/ops/dead-letters/summary").then().statusCode(200);
        operator().get("/ops/dead-letters?from=yesterday").then().statusCode(400)
                .contentType("application/problem+json");
        operator().post("/ops/replays/" + UUID.randomUUID() + "/pause").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aDisabledOperatorsTokenIsRefusedWithinOnePollOfTheRevocationList() {
        TokenIssuerFixture issuer = TokenIssuerFixture.shared();
        String clientId = "ops-" + UUID.randomUUID();
        String token = issuer.token(clientId, SCOPE);
        given().auth().oauth2(token).get("/ops/dead-letters/summary").then().statusCode(200);

        issuer.revokeTokensOf(clientId, Instant.now());
        // The bound: one poll of token-service's revocation document, plus time to answer.
        Duration pollInterval = ConfigProvider.getConfig()
                .getOptionalValue("token-revocations.poll-interval", Duration.class).orElse(Duration.ofSeconds(10));
        Duration bound = pollInterval.multipliedBy(2).plusSeconds(5);
        Instant start = Instant.now();
        AtomicReference<Response> last = new AtomicReference<>();
        Await.until(bound.plusSeconds(10), () -> {
            last.set(given().auth().oauth2(token).get("/ops/dead-letters/summary"));
            return last.get().statusCode() != 200;
        });
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(bound) <= 0, "refused after " + took + ", bound " + bound);
        last.get().then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("revoked"));
        operator().get("/ops/dead-letters/summary").then().statusCode(200);
        // Delivery does not need token-service: a connector's readiness does not wait for the revocation list.
        given().get("/q/health/ready").then().body("checks.name", not(hasItem("token revocation list")));
    }

    @Test
    void theListingAndSummaryShowWhatTheTargetRejectedDecoded() {
        String run = "ops-list-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> bad = List.of(run + "-bad-0", run + "-bad-1", run + "-bad-2");
        bad.forEach(this::rejectAtTarget);
        int before = operator().get("/ops/dead-letters/summary").jsonPath().getInt("byReason.RejectedByTarget");
        for (String uid : bad) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic(), uid, ProfileEvents.event(uid, 1, "Bad"));
            record.headers().add(ProfileEventFields.REQUEST_ID_HEADER, ("req-" + uid).getBytes(StandardCharsets.UTF_8));
            kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
        }
        produce(run + "-good", 1, "Good");
        awaitDeadLetters(run, 3);

        JsonPath summary = operator().get("/ops/dead-letters/summary").then().statusCode(200).extract().jsonPath();
        assertEquals(before + 3, summary.getInt("byReason.RejectedByTarget"));
        assertTrue(summary.getInt("total") >= 3);
        assertTrue(summary.getInt("byStatus.400") >= 3);
        assertTrue(summary.getInt("byAge.'<1h'") >= 3);
        assertEquals(topic() + ".dlq", summary.getString("topic"));

        JsonPath listed = operator().queryParam("uid", bad.get(1)).get("/ops/dead-letters").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1, listed.getList("").size());
        assertEquals(bad.get(1), listed.getString("[0].uid"));
        assertEquals("RejectedByTarget", listed.getString("[0].errorClass"));
        assertEquals(400, listed.getInt("[0].httpStatus"));
        assertEquals(1, listed.getInt("[0].attempts"));
        assertEquals(topic(), listed.getString("[0].origin.topic"));
        assertEquals("req-" + bad.get(1), listed.getString("[0].headers.'pb-request-id'"));
        assertEquals("Bad", listed.getString("[0].event.profile.firstName"));
        assertEquals(ProfileEvents.BASE.plusSeconds(1).toString(), listed.getString("[0].changedAt"));
        assertTrue(listed.getString("[0].targetMessage").contains(bad.get(1)), listed.getString("[0].targetMessage"));

        assertEquals(0, operator().queryParam("uid", run + "-good").get("/ops/dead-letters").jsonPath().getList("").size());
        assertTrue(given().get("/q/metrics").asString().contains("connector_dead_letters_written_total{connector=\""),
                "dead letters by reason are counted");
        Await.until(Duration.ofSeconds(30), () -> given().get("/q/metrics").asString().lines()
                .anyMatch(line -> line.startsWith("connector_dead_letters_stored{") && !line.endsWith(" 0.0")));
        assertEquals(3, operator().queryParam("reason", "RejectedByTarget").queryParam("status", 400)
                .queryParam("from", Instant.now().minusSeconds(300).toString()).queryParam("limit", 1000)
                .get("/ops/dead-letters").jsonPath().getList("uid").stream().filter(uid -> bad.contains(uid)).count());
    }

    @Test
    void theOverviewCountsWhatWasDeliveredAndDeadLetteredPerMinuteWithTheBudgetAndTheLag() {
        JsonPath before = operator().queryParam("minutes", 10).get("/ops/overview").then().statusCode(200)
                .extract().jsonPath();
        String run = "ops-overview-" + UUID.randomUUID().toString().substring(0, 8);
        rejectAtTarget(run + "-bad");
        produce(run + "-bad", 1, "Bad");
        produce(run + "-good", 2, "Good");
        awaitDeadLetters(run, 1);
        Await.until(Duration.ofSeconds(30), () -> "Good".equals(firstNameAtTarget(run + "-good")));
        produce(run + "-good", 1, "Older");

        // Counted once each flush (1 s in tests) has added this replica's counts to the minute's row.
        AtomicReference<JsonPath> after = new AtomicReference<>();
        Await.until(Duration.ofSeconds(30), () -> {
            after.set(operator().queryParam("minutes", 10).get("/ops/overview").jsonPath());
            return grew(before, after.get(), "delivered", 1) && grew(before, after.get(), "deadLettered", 1)
                    && grew(before, after.get(), "skippedStale", 1);
        });
        JsonPath overview = after.get();
        assertEquals(10, overview.getList("minutes").size(), "every minute of the window, empty ones as zero");
        assertEquals(overview.getLong("totals.delivered"), overview.getList("minutes.delivered", Long.class).stream()
                .mapToLong(Long::longValue).sum());
        assertEquals(connectorName(), overview.getString("connector"));
        assertTrue(overview.getInt("maxInFlight") >= 1);
        assertTrue(overview.getInt("inFlight") >= 0 && overview.getInt("inFlight") <= overview.getInt("maxInFlight"));
        assertEquals(1, overview.getList("replicas").size(), "this one replica reported");
        assertEquals(Boolean.TRUE, overview.getBoolean("targetReachable"));
        assertTrue(overview.getLong("lag") >= 0);

        operator().queryParam("minutes", 0).get("/ops/overview").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/ops/overview").then().statusCode(401);
    }

    private static boolean grew(JsonPath before, JsonPath after, String outcome, long by) {
        return after.getLong("totals." + outcome) >= before.getLong("totals." + outcome) + by;
    }

    @Test
    void aDryRunCountsExactlyWhatTheReplayThenDoesAtTheAskedRateAndAStaleVersionStaysAlone() {
        String run = "ops-replay-" + UUID.randomUUID().toString().substring(0, 8);
        Instant testStart = Instant.now();
        int fixable = 6;
        for (int i = 0; i < fixable; i++) {
            rejectAtTarget(run + "-" + i);
            produce(run + "-" + i, 1, "Fixed");
        }
        // The stale one: v1 is dead-lettered, then v2 is delivered; replaying v1 could only go back.
        String stale = run + "-stale";
        rejectAtTarget(stale);
        produce(stale, 1, "Old");
        awaitDeadLetters(run, fixable + 1);
        acceptAtTarget(stale);
        produce(stale, 2, "New");
        Await.until(Duration.ofSeconds(30), () -> "New".equals(firstNameAtTarget(stale)));
        for (int i = 0; i < fixable; i++) {
            acceptAtTarget(run + "-" + i);
        }
        Map<String, Object> sinceThisTest = Map.of("from", testStart.toString());

        JsonPath dryRun = operator().contentType(ContentType.JSON).body(Map.of("filter", sinceThisTest, "dryRun", true))
                .post("/ops/replays").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(fixable + 1, fixable, 1, 0), counts(dryRun), "matched, replayed, stale, excluded");
        assertEquals("done", dryRun.getString("status").toLowerCase());

        long started = System.nanoTime();
        String id = operator().contentType(ContentType.JSON).body(Map.of("filter", sinceThisTest, "maxPerSecond", 3))
                .post("/ops/replays").then().statusCode(202)
                .header("Location", startsWith("/ops/replays/")).extract().jsonPath().getString("id");
        Await.until(Duration.ofSeconds(60), () -> "done".equalsIgnoreCase(replay(id).getString("status")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(counts(dryRun), counts(replay(id)), "the replay did what the dry run said");
        assertTrue(took.toMillis() >= (fixable - 1) * 1000L / 3, fixable + " records at 3/s took " + took);

        Await.until(Duration.ofSeconds(60),
                () -> ProfileEvents.countAt(run, fixable, "Fixed", this::firstNameAtTarget) == fixable);
        assertEquals("New", firstNameAtTarget(stale), "the stale v1 did not overwrite v2");
        assertTrue(sandbox().firstNameHistory(stale).stream().noneMatch("Old"::equals), "SAP never saw v1");
        List<ConsumerRecord<String, String>> replayed = TopicReader.read(kafka.getBootstrapServers(), topic(),
                record -> record.key() != null && record.key().startsWith(run)
                        && record.headers().lastHeader(ReplayHeaders.ID) != null, fixable + 1, Duration.ofSeconds(5));
        assertEquals(fixable, replayed.size(), "each fixable dead letter put back once, the stale one not at all");
        for (ConsumerRecord<String, String> record : replayed) {
            assertEquals("1", DeadLetter.text(record.headers(), ReplayHeaders.COUNT));
            assertEquals(id, DeadLetter.text(record.headers(), ReplayHeaders.ID));
            assertEquals("req-kept", DeadLetter.text(record.headers(), ProfileEventFields.REQUEST_ID_HEADER),
                    "the original headers go back with it");
        }
        assertTrue(given().get("/q/metrics").asString().contains("outcome=\"stale\""), "replay outcomes are counted");
        JsonPath audit = operator().get("/ops/replays?limit=200").jsonPath();
        assertTrue(audit.getList("id").containsAll(List.of(id, dryRun.getString("id"))), "both are audited");
        assertEquals("ops-tester", replay(id).getString("requestedBy"), "who asked is recorded");
    }

    @Test
    void aReplayCanBePausedResumedAndCancelledAndAFinishedOneNotMovedAgain() throws InterruptedException {
        String run = "ops-pause-" + UUID.randomUUID().toString().substring(0, 8);
        Instant testStart = Instant.now();
        int count = 6;
        for (int i = 0; i < count; i++) {
            rejectAtTarget(run + "-" + i);
            produce(run + "-" + i, 1, "Paused");
        }
        awaitDeadLetters(run, count);
        String slow = operator().contentType(ContentType.JSON)
                .body(Map.of("filter", Map.of("from", testStart.toString()), "maxPerSecond", 1))
                .post("/ops/replays").then().statusCode(202).extract().jsonPath().getString("id");
        operator().post("/ops/replays/" + slow + "/pause").then().statusCode(200);
        operator().post("/ops/replays/" + slow + "/pause").then().statusCode(409).contentType("application/problem+json");
        int pausedAt = replay(slow).getInt("counts.replayed");
        // At one record a second, a running replay would put back three more while we watch.
        Thread.sleep(3_000);
        assertTrue(replay(slow).getInt("counts.replayed") <= pausedAt + 1, "a paused replay stops within a record");
        operator().post("/ops/replays/" + slow + "/resume").then().statusCode(200);
        operator().post("/ops/replays/" + slow + "/cancel").then().statusCode(200);
        assertEquals("cancelled", replay(slow).getString("status").toLowerCase());
        operator().post("/ops/replays/" + slow + "/resume").then().statusCode(409);
        assertTrue(replay(slow).getInt("counts.replayed") < count, "cancelled before the end");
    }

    @Test
    void aRecordReplayedTooOftenIsParkedInsteadOfReplayedAgain() {
        String run = "ops-loop-" + UUID.randomUUID().toString().substring(0, 8);
        String uid = run + "-looping";
        rejectAtTarget(uid);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic(), uid, ProfileEvents.event(uid, 1, "Loop"));
        // It went through three replays already and failed each time.
        record.headers().add(ReplayHeaders.COUNT, "3".getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
        awaitDeadLetters(run, 1);

        JsonPath dryRun = operator().contentType(ContentType.JSON)
                .body(Map.of("filter", Map.of("uid", uid), "dryRun", true)).post("/ops/replays").jsonPath();
        assertEquals(1, dryRun.getInt("counts.excluded"));
        assertEquals(0, dryRun.getInt("counts.replayed"));
        String id = operator().contentType(ContentType.JSON).body(Map.of("filter", Map.of("uid", uid)))
                .post("/ops/replays").jsonPath().getString("id");
        Await.until(Duration.ofSeconds(30), () -> "done".equalsIgnoreCase(replay(id).getString("status")));

        List<ConsumerRecord<String, String>> parked = TopicReader.read(kafka.getBootstrapServers(),
                topic() + ".dlq.parked", r -> uid.equals(r.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, parked.size());
        assertEquals("RejectedByTarget", DeadLetter.from(parked.get(0).headers()).errorClass(), "parked whole");
        assertEquals(0, TopicReader.read(kafka.getBootstrapServers(), topic(),
                r -> uid.equals(r.key()) && r.headers().lastHeader(ReplayHeaders.ID) != null, 1, Duration.ofSeconds(3))
                .size(), "not put back on the topic");
    }

    @Test
    void whereIsProfileXAnswersTheConfirmedVersionAndItsDeadLetters() {
        String run = "ops-trace-" + UUID.randomUUID().toString().substring(0, 8);
        String uid = run + "-x";
        produce(uid, 1, "One");
        Await.until(Duration.ofSeconds(30), () -> "One".equals(firstNameAtTarget(uid)));
        rejectAtTarget(uid);
        produce(uid, 2, "Two");
        awaitDeadLetters(run, 1);

        JsonPath trace = operator().get("/ops/profiles/" + uid).then().statusCode(200).extract().jsonPath();
        assertEquals(uid, trace.getString("uid"));
        assertEquals(ProfileEvents.BASE.plusSeconds(1).toString(), trace.getString("delivered.changedAt"));
        assertEquals(topic(), trace.getString("delivered.topic"));
        assertEquals(1, trace.getList("deadLetters").size());
        assertEquals(ProfileEvents.BASE.plusSeconds(2).toString(), trace.getString("deadLetters[0].changedAt"));
        assertEquals(0, trace.getList("pending").size(), "nothing of it is waiting");

        JsonPath unknown = operator().get("/ops/profiles/" + run + "-never").then().statusCode(200).extract().jsonPath();
        assertEquals(null, unknown.getString("delivered"));
        assertEquals(0, unknown.getList("deadLetters").size());
    }

    @Test
    void aResyncSendsTheConfirmedVersionAgainAndCountsWhatItCouldNotFind() {
        String run = "ops-resync-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> uids = List.of(run + "-0", run + "-1");
        produce(uids.get(0), 1, "Old");
        for (String uid : uids) {
            produce(uid, 2, "Current");
        }
        Await.until(Duration.ofSeconds(30), () -> ProfileEvents.countAt(run, 2, "Current", this::firstNameAtTarget) == 2);
        int writesBefore = sandbox().firstNameHistory(uids.get(0)).size();

        String id = operator().contentType(ContentType.JSON)
                .body(Map.of("uids", List.of(uids.get(0), uids.get(1), run + "-never-delivered"), "maxPerSecond", 20))
                .post("/ops/resync").then().statusCode(202).extract().jsonPath().getString("id");
        Await.until(Duration.ofSeconds(30), () -> "done".equals(operator().get("/ops/resync/" + id).jsonPath()
                .getString("status")));
        JsonPath resync = operator().get("/ops/resync/" + id).jsonPath();
        assertEquals(3, resync.getInt("requested"));
        assertEquals(2, resync.getInt("produced"));
        assertEquals(1, resync.getInt("missing"), "a UID the target never confirmed has nothing to send again");
        assertEquals("ops-tester", resync.getString("requestedBy"));

        Await.until(Duration.ofSeconds(30), () -> sandbox().firstNameHistory(uids.get(0)).size() > writesBefore);
        List<String> history = sandbox().firstNameHistory(uids.get(0));
        assertEquals("Current", history.get(history.size() - 1), "the confirmed version went out again, not v1");
        assertTrue(history.subList(writesBefore, history.size()).stream().noneMatch("Old"::equals));
        assertTrue(given().get("/q/metrics").asString().contains("connector_resync_records_total"));

        operator().contentType(ContentType.JSON).body(Map.of("uids", List.of("a"), "all", true)).post("/ops/resync")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static List<Integer> counts(JsonPath replay) {
        return List.of(replay.getInt("counts.matched"), replay.getInt("counts.replayed"), replay.getInt("counts.stale"),
                replay.getInt("counts.excluded"));
    }

    private JsonPath replay(String id) {
        return operator().get("/ops/replays/" + id).then().statusCode(200).extract().jsonPath();
    }

    private void awaitDeadLetters(String prefix, int count) {
        TopicReader.read(kafka.getBootstrapServers(), topic() + ".dlq",
                record -> record.key() != null && record.key().startsWith(prefix), count, Duration.ofSeconds(60));
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(TokenIssuerFixture.shared().token("ops-tester", SCOPE));
    }

    protected void produce(String uid, int version, String firstName) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic(), uid, ProfileEvents.event(uid, version, firstName));
        record.headers().add(ProfileEventFields.REQUEST_ID_HEADER, "req-kept".getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }
}
