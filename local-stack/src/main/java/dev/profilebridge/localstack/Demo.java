package dev.profilebridge.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.stack.ProfileBridgeService;
import dev.profilebridge.stack.StackWiring;
import dev.profilebridge.stack.cdc.CdcAccounts;
import dev.profilebridge.stack.cdc.CdcDataflowPlayer;

/**
 * The run command's {@code demo}: plays one CDC dataflow run through the stack, then prints per connector what
 * became of the records (from its metrics) and how many contacts its sandbox holds.
 */
final class Demo {

    /** Counters of one connector and its sandbox; the connector's are cumulative since its start. */
    private record Counts(long delivered, long skippedStale, long deadLettered, long stored) {

        Counts minus(Counts before) {
            return new Counts(delivered - before.delivered, skippedStale - before.skippedStale,
                    deadLettered - before.deadLettered, stored);
        }

        long processed() {
            return delivered + skippedStale + deadLettered;
        }
    }

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(5);
    private static final int BAR_WIDTH = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CdcDataflowPlayer player;
    private final StackWiring wiring;
    private final Map<String, String> urls;
    /** Sandboxes replaced by a real tenant: nothing counts what those hold. */
    private final Set<ProfileBridgeService> realTenants;

    Demo(CdcDataflowPlayer player, StackWiring wiring, Map<String, String> urls, Set<ProfileBridgeService> realTenants) {
        this.player = player;
        this.wiring = wiring;
        this.urls = urls;
        this.realTenants = realTenants;
    }

    void run(int accountCount) throws IOException, InterruptedException {
        // UIDs of their own each run: the delivery state in PostgreSQL outlives the run, and would skip them as seen.
        long runId = System.currentTimeMillis();
        List<ObjectNode> records = CdcAccounts.dataflowRun("demo-" + Long.toString(runId, 36) + "-", accountCount, runId);
        Map<ProfileBridgeService, Counts> before = counts();
        System.out.printf("%nDemo: a CDC dataflow run of %d records for %d accounts, in batches of 50%n",
                records.size(), accountCount);
        CdcDataflowPlayer.Outcome outcome = player.play(records, sent -> progress("sent", sent, records.size()));
        System.out.printf("%ningest-service: %d accepted, %d superseded by a newer version in the same batch, %d rejected%n",
                outcome.accepted(), outcome.superseded(), outcome.rejected());

        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        Map<ProfileBridgeService, Counts> done;
        long slowest;
        do {
            Thread.sleep(500);
            done = new EnumMap<>(ProfileBridgeService.class);
            for (Map.Entry<ProfileBridgeService, Counts> now : counts().entrySet()) {
                done.put(now.getKey(), now.getValue().minus(before.get(now.getKey())));
            }
            slowest = done.values().stream().mapToLong(Counts::processed).min().orElse(0);
            progress("processed", slowest, outcome.accepted());
        } while (slowest < outcome.accepted() && System.nanoTime() < deadline);
        System.out.println();
        if (slowest < outcome.accepted()) {
            System.out.println("Not every record was processed within " + DELIVERY_TIMEOUT + ": see the connectors' logs");
        }
        System.out.printf("%n%-22s %10s %17s %14s %17s%n", "CONNECTOR", "DELIVERED", "SKIPPED AS STALE", "DEAD-LETTERED",
                "SANDBOX CONTACTS");
        done.forEach((connector, counts) -> System.out.printf("%-22s %10d %17d %14d %17s%n", connector.module(),
                counts.delivered(), counts.skippedStale(), counts.deadLettered(),
                realTenants.contains(connector) ? "(SAP tenant)" : Long.toString(counts.stored())));
    }

    private Map<ProfileBridgeService, Counts> counts() throws IOException, InterruptedException {
        Map<ProfileBridgeService, Counts> counts = new EnumMap<>(ProfileBridgeService.class);
        for (ProfileBridgeService connector : ProfileBridgeService.connectors()) {
            String metrics = get(wiring.url(connector) + "/q/metrics");
            String tag = "connector=\"" + connector.module() + "\"";
            long stored = realTenants.contains(connector) ? 0 : JSON.readTree(get(URI.create(urls.get(connector.sandbox().component()))
                    .resolve("/sandbox/stats").toString())).path(connector.sandbox().storedCountField()).asLong();
            counts.put(connector, new Counts(sum(metrics, "connector_records_delivered_total", tag),
                    sum(metrics, "connector_records_skipped_stale_total", tag),
                    sum(metrics, "connector_records_dead_lettered_total", tag), stored));
        }
        return counts;
    }

    /** The sum of a counter's series with this tag, from the Prometheus text format. */
    private static long sum(String metrics, String name, String tag) {
        return (long) metrics.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(tag))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static void progress(String what, long done, long total) {
        int filled = total == 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
        System.out.printf("\r  %-10s [%s%s] %d/%d", what, "#".repeat(filled), " ".repeat(BAR_WIDTH - filled), done, total);
        System.out.flush();
    }
}
