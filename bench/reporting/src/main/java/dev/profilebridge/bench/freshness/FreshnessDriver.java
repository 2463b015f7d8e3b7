package dev.profilebridge.bench.freshness;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.bench.report.Percentiles;
import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.sandbox.SapGatewaySandbox;
import dev.profilebridge.stack.cdc.CdcAccounts;

/**
 * Freshness end to end: CDC accounts posted to ingest-service at a fixed rate (open loop), through Kafka and the
 * connector to a SAP sandbox that runs in this JVM, so the ingest acknowledgement (the 202 reached this driver) and
 * the SAP confirmation (the sandbox's answer left) are stamped on one clock, {@link System#nanoTime()}. Reports
 * p50/p95/p99 per load level, a level's figure refused when any answer was not a 202 accepting every profile or any
 * acknowledged profile was not confirmed.
 *
 * <p>{@code FreshnessDriver --connector marketing|c4c --port SANDBOX_PORT --ingest URL --token BEARER
 * --connector-ready URL --bound PROFILES_PER_S --levels 25,50,90 --seconds S --warmup S --per-request K --pool N
 * --out DIR}: starts the sandbox (user BENCH, password bench, L = 100 ms), prints {@code ready}, waits for the
 * connector, then runs. With {@code --pool N} the UIDs are N known ones, created first (C4C: updates, what a consent
 * change is); without, every profile is a new UID.
 */
public final class FreshnessDriver {

    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final Duration CONFIRMATION_WAIT = Duration.ofSeconds(60);

    private final Map<String, String> options;
    private final String connector;
    private final Path out;
    private final Stamps stamps = new Stamps();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(18);
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final int perRequest;
    private final int pool;
    private long sequence;

    private FreshnessDriver(Map<String, String> options) {
        this.options = options;
        this.connector = options.get("connector");
        this.out = Path.of(options.get("out"));
        this.perRequest = Integer.parseInt(options.getOrDefault("per-request", "10"));
        this.pool = Integer.parseInt(options.getOrDefault("pool", "0"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new FreshnessDriver(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        int port = Integer.parseInt(options.get("port"));
        SapGatewaySandbox sandbox = connector.equals("c4c") ? C4CSandbox.start(port, "BENCH", "bench")
                : MarketingCloudSandbox.start(port, "BENCH", "bench");
        sandbox.latency(LATENCY);
        sandbox.onConfirmed(stamps::confirmed);
        System.out.println("ready " + sandbox.serviceUrl());
        System.out.flush();
        awaitReady(URI.create(options.get("connector-ready")));
        double bound = Double.parseDouble(options.get("bound"));
        ScheduledExecutorService sampler = sampleConfirmations(bound);
        if (pool > 0) {
            Phase created = load("create " + pool + " UIDs", bound / 4, pool);
            log(created, bound / 4);
        }
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "5"));
        log(load("warm-up", bound / 2, (long) (bound / 2 * warmup)), bound / 2);
        double seconds = Double.parseDouble(options.get("seconds"));
        for (String level : options.get("levels").split(",")) {
            double rate = bound * Integer.parseInt(level) / 100;
            Phase phase = load(level, rate, (long) (rate * seconds));
            log(phase, rate);
            report(level, phase, rate, seconds);
        }
        sampler.shutdownNow();
        sandbox.close();
    }

    /** Sends {@code profiles} at {@code rate} per second, then waits for every confirmation (bounded). */
    private Phase load(String name, double rate, long profiles) throws InterruptedException {
        Phase phase = new Phase(name);
        long requests = Math.max(1, profiles / perRequest);
        long interval = (long) (1e9 * perRequest / rate);
        long next = System.nanoTime();
        for (long i = 0; i < requests; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            send(phase);
            next += interval;
        }
        long giveUp = System.nanoTime() + CONFIRMATION_WAIT.toNanos();
        while (System.nanoTime() < giveUp && (phase.answers.get() < requests
                || phase.confirmed() < phase.acknowledged.get())) {
            Thread.sleep(50);
        }
        return phase;
    }

    private void send(Phase phase) {
        List<String> uids = new ArrayList<>(perRequest);
        long first = sequence;
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < perRequest; i++) {
            long n = sequence++;
            String uid = "fr-" + run + "-" + (pool > 0 ? n % pool : n);
            ObjectNode account = CdcAccounts.full(uid, System.currentTimeMillis(), random);
            account.withObjectProperty("profile").put("firstName", Stamps.firstName(n));
            stamps.expect(uid, n, phase);
            uids.add(uid);
            body.append(i == 0 ? "" : ",").append(account);
        }
        phase.sent.addAndGet(perRequest);
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.get("ingest")))
                .header("Authorization", "Bearer " + options.get("token")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString(), StandardCharsets.UTF_8)).build();
        String accepted = "\"accepted\":" + perRequest + ",";
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long at = System.nanoTime();
            if (failure == null && response.statusCode() == 202 && response.body().contains(accepted)) {
                for (int i = 0; i < uids.size(); i++) {
                    stamps.acknowledged(uids.get(i), first + i, at);
                }
                phase.acknowledged.addAndGet(uids.size());
            } else {
                phase.errors.addAndGet(uids.size());
                System.err.println("freshness: wrong answer: " + (failure != null ? failure
                        : response.statusCode() + " " + response.body()));
            }
            phase.answers.incrementAndGet();
        });
    }

    private void report(String level, Phase phase, double rate, double seconds) throws IOException {
        double[] latencies = phase.latenciesMs();
        Path samples = Files.createDirectories(out.resolve("freshness")).resolve(connector + "-" + level + ".txt");
        Files.writeString(samples, java.util.Arrays.stream(latencies).mapToObj(l -> String.format(Locale.ROOT, "%.3f", l))
                .collect(Collectors.joining("\n", "", "\n")));
        long unconfirmed = phase.acknowledged.get() - latencies.length;
        long errors = phase.errors.get() + unconfirmed;
        String p99 = "";
        String details = "";
        if (latencies.length > 0) {
            Percentiles percentiles = new Percentiles(latencies);
            p99 = format(percentiles.at(99));
            details = "p50=" + format(percentiles.at(50)) + ";p95=" + format(percentiles.at(95));
        }
        String line = String.join("\t", "freshness." + connector + "." + level, p99, "", Long.toString(phase.sent.get()),
                Long.toString(errors), String.format(Locale.ROOT, "offered %.0f profiles/s for %.0f s, %d per request",
                        rate, seconds, perRequest), details);
        Files.writeString(out.resolve("figures.tsv"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void log(Phase phase, double rate) {
        System.out.printf(Locale.ROOT, "freshness %s %s at %.0f/s: sent %d, acknowledged %d, confirmed %d, errors %d%n",
                connector, phase.name, rate, phase.sent.get(), phase.acknowledged.get(), phase.confirmed(),
                phase.errors.get());
    }

    /** Confirmations over the whole run every half second, for the report's throughput chart. */
    private ScheduledExecutorService sampleConfirmations(double bound) throws IOException {
        Path file = Files.createDirectories(out.resolve("series")).resolve("freshness-" + connector + ".tsv");
        PrintWriter writer = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        writer.printf("# title %s under the freshness run's load levels (warm-up, then each level)%n# bound %.0f%n",
                connector.equals("c4c") ? "C4C" : "Marketing Cloud", bound);
        long start = System.nanoTime();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> writer.printf(Locale.ROOT, "%.3f\t%d%n", (System.nanoTime() - start) / 1e9,
                stamps.confirmations()), 0, 500, TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void awaitReady(URI ready) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < giveUp) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(ready + " did not become ready");
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
