package dev.profilebridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The console's walkthrough in a headless Chromium: {@code src/test/node/console-browser/walkthrough.mjs} with the npm
 * packages {@code puppeteer-core}, {@code @sparticuz/chromium} (which ships the browser: nothing else is downloaded)
 * and {@code axe-core}, installed once from {@code package-lock.json} into {@code target/tools/console-browser}, as
 * deploy's chart test installs its manifest validator.
 */
final class ConsoleBrowser {

    record Result(int exitCode, String output, String error) {
    }

    private static final Path SOURCES = Path.of("src", "test", "node", "console-browser");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "walkthrough.mjs");
    private static final Path HOME = Path.of("target", "tools", "console-browser");
    private static final long TIMEOUT_SECONDS = 600;

    private ConsoleBrowser() {
    }

    /** Runs the walkthrough with {@code environment} (URLs, the operator's client, the UID, where screenshots go). */
    static Result walkthrough(Map<String, String> environment) throws IOException, InterruptedException {
        install();
        return exec(List.of("node", "walkthrough.mjs"), environment);
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        boolean lockChanged = !Files.exists(HOME.resolve("package-lock.json")) || Files.mismatch(
                SOURCES.resolve("package-lock.json"), HOME.resolve("package-lock.json")) != -1;
        for (String file : FILES) {
            Files.copy(SOURCES.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (lockChanged || !Files.isDirectory(HOME.resolve("node_modules"))) {
            Result npm = exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--silent"), Map.of());
            if (npm.exitCode() != 0) {
                throw new IllegalStateException("npm could not install the browser test's packages: " + npm.error()
                        + npm.output());
            }
        }
    }

    private static Result exec(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> error = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String output = read(process.getInputStream());
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), output, error.join());
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
