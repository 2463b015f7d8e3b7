package dev.profilebridge.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Java program run as its own process, its output in a log file: a service's packaged jar, or a main class of
 * this class path (the embedded servers, the SAP sandboxes).
 */
public final class JavaProcess {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private JavaProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.log = log;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** Runs {@code java -jar jar} with this environment added to ours. */
    public static JavaProcess jar(String name, Path jar, Map<String, String> environment, Path log) {
        return new JavaProcess(name, List.of(JAVA, "-Xmx512m", "-jar", jar.toAbsolutePath().toString()), environment, log);
    }

    /** Runs a main class of this JVM's class path. */
    public static JavaProcess main(String name, String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return new JavaProcess(name, command, Map.of(), log);
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for a line of output that starts with {@code prefix} (a main's "ready ..." line) and returns it. */
    public String awaitLine(String prefix, Duration timeout) {
        return awaitValue(timeout, () -> readLog().stream().filter(line -> line.startsWith(prefix)).findFirst());
    }

    /** Waits until GET {@code url} answers 200 (a readiness check). */
    public void awaitOk(String url, Duration timeout) {
        awaitValue(timeout, () -> answersOk(url) ? Optional.of(url) : Optional.empty());
    }

    /** Whether GET {@code url} answers 200 within two seconds. */
    public static boolean answersOk(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as a crashed node: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /**
     * SIGTERM, so its shutdown hooks run (the embedded PostgreSQL stops its server processes); after {@code grace}
     * SIGKILL for it and whatever it started.
     */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    /** The last lines of its output, for an error message. */
    private String logTail(int lines) {
        List<String> all = readLog();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private List<String> readLog() {
        try {
            // Decoded leniently: the log may end in the middle of a character being written.
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T awaitValue(Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + ":\n" + logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + logTail(30));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
    }
}
