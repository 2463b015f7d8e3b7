package dev.profilebridge.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The metric names a service exposes (its Prometheus scrape) and those the Helm chart's alerts and dashboards read (the
 * PromQL of each rule's {@code expr:} line and of each dashboard query's {@code expr}).
 */
final class ExposedMetrics {

    /** Read by the alerts, made by others: Prometheus itself ({@code up}) and kube-state-metrics. */
    static final Set<String> NOT_FROM_THE_SERVICES = Set.of("up", "kube_pod_status_ready");

    private static final Pattern EXPR_LINE = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(?!\\s*\\()");
    /** PromQL's keywords: identifiers that are no metric. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "inf", "nan");

    private ExposedMetrics() {
    }

    static Set<String> scrape(URI metrics) throws IOException, InterruptedException {
        // HTTP/1.1: the default h2c upgrade on a large scrape was answered in a way the JDK client read as a bad frame.
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(metrics + " answered " + response.statusCode());
        }
        Set<String> names = new TreeSet<>();
        response.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /** Each metric name the chart's queries read, with the files that read it. */
    static Map<String, Set<String>> readByTheChart(Path chart) throws IOException {
        Map<String, Set<String>> read = new TreeMap<>();
        Path alerts = chart.resolve("monitoring/alerts.yaml");
        Matcher expr = EXPR_LINE.matcher(Files.readString(alerts));
        while (expr.find()) {
            metricNames(expr.group(1)).forEach(name -> read.computeIfAbsent(name, n -> new TreeSet<>()).add("alerts.yaml"));
        }
        try (Stream<Path> dashboards = Files.list(chart.resolve("dashboards"))) {
            for (Path dashboard : dashboards.toList()) {
                for (JsonNode query : new ObjectMapper().readTree(dashboard.toFile()).findValues("expr")) {
                    metricNames(query.asText()).forEach(name -> read.computeIfAbsent(name, n -> new TreeSet<>())
                            .add(dashboard.getFileName().toString()));
                }
            }
        }
        return read;
    }

    /**
     * The metric names of a PromQL expression: what is left once Helm's templating, strings, label matchers, range
     * selectors and by/without/on/ignoring clauses are taken out is metric names, functions (followed by a parenthesis),
     * keywords and numbers.
     */
    static Set<String> metricNames(String promql) {
        String bare = promql.replaceAll("\\{\\{.*?}}", " ")
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group(1).toLowerCase())) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }
}
