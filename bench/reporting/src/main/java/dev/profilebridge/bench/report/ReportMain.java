package dev.profilebridge.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a run's report from what its benchmarks left in the results folder ({@code figures.tsv},
 * {@code series/*.tsv}, {@code freshness/<connector>-<percent>.txt}, {@code machine.txt}): {@code report.json},
 * {@code report.md} and {@code charts/*.png}. Usage: {@code ReportMain RESULTS_DIR}.
 */
public final class ReportMain {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double FRESHNESS_GOAL_MS = 500;

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<Figure> figures = FigureFile.read(dir.resolve("figures.tsv"));
        List<String> machine = lines(dir.resolve("machine.txt"));
        List<String> charts = new ArrayList<>();
        Charts.goals(figures, dir.resolve("charts/goals.png"));
        charts.add("charts/goals.png");
        for (Map.Entry<String, Map<String, double[]>> connector : freshnessSamples(dir.resolve("freshness")).entrySet()) {
            String chart = "charts/freshness-" + connector.getKey() + ".png";
            Charts.latencyDistribution("Freshness, " + Catalogue.name(connector.getKey())
                    + ": ingest acknowledgement → SAP confirmation, by load (L = 100 ms)", connector.getValue(),
                    FRESHNESS_GOAL_MS, dir.resolve(chart));
            charts.add(chart);
        }
        for (Path file : files(dir.resolve("series"), ".tsv")) {
            Series series = Series.read(file);
            String chart = "charts/throughput-" + file.getFileName().toString().replaceFirst("\\.tsv$", ".png");
            Charts.throughput(series.title(), series.rates(1.0), series.bound(), dir.resolve(chart));
            charts.add(chart);
        }
        String table = MarkdownTable.render(figures);
        Files.writeString(dir.resolve("report.md"), markdown(dir, machine, table, charts), StandardCharsets.UTF_8);
        JSON.writeValue(dir.resolve("report.json").toFile(), json(dir, machine, figures, charts));
        System.out.print(table);
    }

    private static String markdown(Path dir, List<String> machine, String table, List<String> charts) {
        StringBuilder md = new StringBuilder("# Benchmark report " + dir.getFileName() + "\n\n");
        machine.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\nEach ratio divides by a baseline measured in the same run; a figure counted over any error is "
                + "refused.\n\n").append(table).append('\n');
        charts.forEach(chart -> md.append("![").append(chart).append("](").append(chart).append(")\n"));
        return md.toString();
    }

    private static ObjectNode json(Path dir, List<String> machine, List<Figure> figures, List<String> charts) {
        ObjectNode report = JSON.createObjectNode();
        report.put("run", dir.getFileName().toString());
        machine.forEach(report.putArray("machine")::add);
        ArrayNode list = report.putArray("figures");
        for (Figure figure : figures) {
            ObjectNode node = list.addObject();
            node.put("id", figure.id()).put("label", figure.label()).put("unit", figure.unit());
            node.put("value", figure.value()).put("baseline", figure.baseline());
            node.put("checked", figure.checked()).put("errors", figure.errors());
            figure.shown().ifPresentOrElse(shown -> node.put(figure.isRatio() ? "ratio" : "shown", shown),
                    () -> node.put("refused", figure.refusal().orElseThrow()));
            if (figure.target() != null) {
                node.put("target", figure.target().toString());
                figure.met().ifPresent(met -> node.put("met", met));
            }
            node.put("note", figure.note());
            figure.details().forEach(node.putObject("details")::put);
        }
        charts.forEach(report.putArray("charts")::add);
        return report;
    }

    /** Latency samples (ms, one a line) by connector and then by load level, "25 % of the bound" first. */
    private static Map<String, Map<String, double[]>> freshnessSamples(Path dir) throws IOException {
        Map<String, Map<String, double[]>> byConnector = new TreeMap<>();
        for (Path file : files(dir, ".txt")) {
            String[] name = file.getFileName().toString().replaceFirst("\\.txt$", "").split("-");
            double[] samples = lines(file).stream().filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).toArray();
            if (samples.length > 0) {
                byConnector.computeIfAbsent(name[0], k -> new TreeMap<>(
                        java.util.Comparator.comparingInt((String level) -> Integer.parseInt(level.split(" ")[0]))))
                        .put(name[1] + " % of the bound", samples);
            }
        }
        return byConnector;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
