package dev.profilebridge.testsupport.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Sends generated requests to a running service and checks each answer. The cases come from a jqwik
 * {@link Arbitrary} with edge cases mixed in, drawn from a fixed seed (system property {@code fuzz.seed} to explore
 * another), so a failure reproduces. Records the class of each input and its outcome, the errors the service logged,
 * and the heap the run left behind, and writes them to {@code target/fuzz/<endpoint>.md}.
 */
public final class FuzzRun {

    /** The default seed; {@code -Dfuzz.seed=...} draws other cases. */
    public static final long SEED = 16_2026L;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    /** Judges one answer: empty if it is acceptable, else what is wrong with it. */
    @FunctionalInterface
    public interface Check extends BiFunction<HostileRequest, RawHttp.Answer, Optional<String>> {
    }

    public record Report(String endpoint, long seed, int cases, Map<String, Map<Integer, Integer>> outcomes,
            List<String> violations, Map<String, Integer> knownFindings, List<String> errorsLogged,
            long heapBeforeBytes, long heapAfterBytes, Duration took) {

        public long heapGrowthBytes() {
            return heapAfterBytes - heapBeforeBytes;
        }

        /** The rules every run keeps: no answer broke them, nothing was logged as an error, the heap stayed bounded. */
        public void assertHeld(long heapGrowthBound) {
            org.junit.jupiter.api.Assertions.assertTrue(violations.isEmpty(), violations.size()
                    + " answers broke the rules:\n" + String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
            org.junit.jupiter.api.Assertions.assertEquals(List.of(), errorsLogged, "hostile input logged errors");
            org.junit.jupiter.api.Assertions.assertTrue(heapGrowthBytes() < heapGrowthBound, "the run left "
                    + heapGrowthBytes() + " bytes on the heap");
        }

        public String markdown() {
            StringBuilder md = new StringBuilder("### " + endpoint + "\n\n")
                    .append(cases).append(" cases (seed ").append(seed).append(") in ").append(took.toSeconds())
                    .append(" s; ").append(outcomes.size()).append(" classes of input; ").append(violations.size())
                    .append(" violations; ").append(knownFindings.values().stream().mapToInt(Integer::intValue).sum())
                    .append(" cases of known open findings; ")
                    .append(errorsLogged.size()).append(" errors logged; retained heap ")
                    .append(mib(heapBeforeBytes)).append(" → ").append(mib(heapAfterBytes)).append(" MiB.\n\n")
                    .append("| class of input | cases | outcomes (status × count) |\n|---|---:|---|\n");
            outcomes.forEach((inputClass, byStatus) -> md.append("| ").append(inputClass).append(" | ")
                    .append(byStatus.values().stream().mapToInt(Integer::intValue).sum()).append(" | ")
                    .append(String.join(", ", byStatus.entrySet().stream()
                            .map(e -> (e.getKey() == RawHttp.Answer.NONE ? "no answer" : e.getKey()) + " × "
                                    + e.getValue())
                            .toList()))
                    .append(" |\n"));
            if (!knownFindings.isEmpty()) {
                md.append("\nKnown open findings (reported, fixed elsewhere; not asserted):\n");
                knownFindings.forEach((finding, count) -> md.append("\n- ").append(count).append(" × ").append(finding));
                md.append('\n');
            }
            violations.forEach(v -> md.append("\n- ").append(v));
            errorsLogged.forEach(e -> md.append("\n- logged: ").append(e));
            return md.append('\n').toString();
        }

        private static long mib(long bytes) {
            return bytes / (1024 * 1024);
        }
    }

    private FuzzRun() {
    }

    public static Report run(String endpoint, URI server, Arbitrary<HostileRequest> requests, int cases, Check check,
            List<KnownFinding> known) {
        long seed = Long.getLong("fuzz.seed", SEED);
        ErrorLog errors = ErrorLog.install();
        long heapBefore = retainedHeap();
        long started = System.nanoTime();
        Map<String, Map<Integer, Integer>> outcomes = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        Map<String, Integer> knownFindings = new TreeMap<>();
        // Outside a jqwik property, generators need a session (their memoisation lives in it).
        JqwikSession.start();
        try {
            requests.generatorWithEmbeddedEdgeCases(1000).stream(new Random(seed)).limit(cases)
                    .map(Shrinkable::value).forEach(request -> {
                        RawHttp.Answer answer = RawHttp.exchange(server, request.toBytes(server), ANSWER_TIMEOUT);
                        outcomes.computeIfAbsent(request.inputClass(), c -> new TreeMap<>())
                                .merge(answer.status(), 1, Integer::sum);
                        Optional<String> problem = check.apply(request, answer);
                        Optional<KnownFinding> finding = known.stream()
                                .filter(f -> f.answers().test(request, answer)).findFirst();
                        if (problem.isPresent() && finding.isPresent()) {
                            knownFindings.merge(finding.get().description(), 1, Integer::sum);
                        } else if (problem.isPresent()) {
                            violations.add(problem.get() + "\n    " + request.describe() + "\n    answer: "
                                    + answer.status() + " " + answer.header("content-type") + " "
                                    + cut(answer.bodyText()));
                        }
                    });
        } finally {
            JqwikSession.finish();
            errors.remove();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> unexplainedErrors = errors.messages().stream()
                .filter(message -> known.stream().noneMatch(f -> f.logged().test(message))).toList();
        Report report = new Report(endpoint, seed, cases, outcomes, violations, knownFindings, unexplainedErrors,
                heapBefore, retainedHeap(), took);
        write(report);
        return report;
    }

    /** The heap still in use after a full collection: what the run left behind, not its garbage. */
    public static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void write(Report report) {
        try {
            Path dir = Path.of("target", "fuzz");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(report.endpoint().replaceAll("[^A-Za-z0-9]+", "-") + ".md"),
                    report.markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(report.markdown());
    }

    private static String cut(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }

    /** Collects what is logged at ERROR (or worse) while the run lasts: a hostile request must not log a stack trace. */
    private static final class ErrorLog extends Handler {

        private final List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());

        static ErrorLog install() {
            ErrorLog log = new ErrorLog();
            Logger.getLogger("").addHandler(log);
            return log;
        }

        void remove() {
            Logger.getLogger("").removeHandler(this);
        }

        List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                messages.add(record.getLoggerName() + ": " + record.getMessage()
                        + (record.getThrown() != null ? " (" + record.getThrown() + ")" : ""));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
