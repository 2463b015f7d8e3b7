package dev.profilebridge.bench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures bench/report knows, in the order the report lists them, with what each means and its target (issue 18's
 * table). A benchmark reports a figure by its id only; a figure not listed here is shown with its id and no target.
 */
public final class Catalogue {

    /** What a figure is, as the report names it. */
    public record Entry(String label, String unit, Target target) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
    private static final List<String> CONNECTORS = List.of("marketing", "c4c");

    static {
        add("ingest.arrays", "ingest 500-profile arrays ÷ raw producer ceiling", "profiles/s", Target.atLeast(0.95));
        add("ingest.arrays.two-routes", "ingest 500-profile arrays, two routes (Kafka records) ÷ raw producer ceiling",
                "records/s", null);
        add("ingest.single.rps", "ingest one profile per request, 32 connections", "requests/s", Target.atLeast(5000));
        add("ingest.single.p99", "ingest one profile per request, 32 connections: p99", "ms", Target.below(10));
        add("marketing.warm", "Marketing Cloud delivered ÷ C·B/L, warm", "profiles/s", Target.atLeast(0.97));
        add("marketing.cold", "Marketing Cloud delivered ÷ C·B/L, cold start included", "profiles/s", Target.atLeast(0.92));
        add("marketing.b1", "Marketing Cloud one record per call (B = 1) ÷ its C·B/L", "profiles/s", null);
        add("c4c.first", "C4C first-time UIDs ÷ C·B/L", "profiles/s", Target.atLeast(0.75));
        add("c4c.updates", "C4C updates ÷ C·B/L", "profiles/s", Target.atLeast(0.97));
        add("token.reuse", "token endpoint ÷ bare endpoint, every answer a token (reuse window on)", "tokens/s",
                Target.atLeast(0.5));
        add("token.signing", "token endpoint ÷ bare endpoint, signing every token", "tokens/s", Target.atLeast(0.2));
        add("token.signing-ceiling.native", "ES256 signatures alone, native provider (one thread per core) ÷ bare "
                + "endpoint: the ceiling of signing every token", "signatures/s", null);
        add("token.signing-ceiling.jdk", "ES256 signatures alone, the JDK's provider (one thread per core) ÷ bare "
                + "endpoint", "signatures/s", null);
        for (String connector : CONNECTORS) {
            for (int percent : List.of(25, 50, 90)) {
                add("freshness." + connector + "." + percent, "freshness p99, " + name(connector) + ", at " + percent
                        + " % of C·B/L (L = 100 ms)", "ms", percent == 50 ? Target.below(500) : null);
            }
        }
        for (String connector : CONNECTORS) {
            for (int replicas = 1; replicas <= 3; replicas++) {
                add("scaling." + connector + "." + replicas, name(connector) + ", " + replicas + " replica"
                        + (replicas == 1 ? "" : "s") + " ÷ budget·B/L", "profiles/s", replicas == 3 ? Target.atLeast(0.9) : null);
            }
        }
    }

    private Catalogue() {
    }

    private static void add(String id, String label, String unit, Target target) {
        ENTRIES.put(id, new Entry(label, unit, target));
    }

    public static String name(String connector) {
        return connector.equals("c4c") ? "C4C" : "Marketing Cloud";
    }

    /** The entry of a figure id, or one that names the figure by its id. */
    public static Entry entry(String id) {
        return ENTRIES.getOrDefault(id, new Entry(id, "", null));
    }

    /** The ids of the figures that have a target: the report lists each, measured or not. */
    public static List<String> targeted() {
        return ENTRIES.entrySet().stream().filter(e -> e.getValue().target() != null).map(Map.Entry::getKey).toList();
    }

    /** Where a figure goes in the report: by the catalogue's order, figures it does not list last. */
    public static int order(String id) {
        int index = List.copyOf(ENTRIES.keySet()).indexOf(id);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
