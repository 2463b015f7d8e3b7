package dev.profilebridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The packaged operators' command (pb-ops) as an operator runs it: its own process, environment, exit code. */
final class OperatorsCommand {

    record Result(int exitCode, String output, String error) {
    }

    private final Path jar;
    private final Map<String, String> environment;

    OperatorsCommand(Path repository, Map<String, String> environment) {
        this.jar = repository.resolve("ops-cli/target/quarkus-app/quarkus-run.jar");
        this.environment = environment;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> error = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String output = read(process.getInputStream());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("pb-ops " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Result(process.exitValue(), output, error.join());
    }

    /** Runs a command that must succeed, and answers what it printed. */
    String text(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.error() + result.output());
        return result.output();
    }

    JsonNode json(String... args) throws IOException, InterruptedException {
        return new ObjectMapper().readTree(text(args));
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
