package dev.profilebridge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Validates rendered manifests offline against the schemas of their kinds: {@code src/test/node/validate-manifests.mjs}
 * with the npm packages {@code kubernetes-models} (the built-in kinds) and its Prometheus Operator, KEDA and Strimzi
 * models, installed once from {@code package-lock.json} into {@code target/tools/manifest-validator}, as {@link Helm}
 * fetches helm. A kind without a known schema is a problem too, so nothing the chart renders goes unchecked.
 */
final class ManifestValidator {

    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "validate-manifests.mjs");
    private static final Path HOME = Path.of("target", "tools", "manifest-validator");
    private static boolean installed;

    private ManifestValidator() {
    }

    /** Exit code 0 when every document of the YAML is valid; else 1, with one line per problem. */
    static Helm.Result validate(String yaml) {
        install();
        try {
            Path manifests = Files.createTempFile(HOME.toAbsolutePath(), "manifests", ".yaml");
            try {
                Files.writeString(manifests, yaml);
                return Helm.exec(List.of("node", "validate-manifests.mjs", manifests.toString()), HOME);
            } finally {
                Files.delete(manifests);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the manifests to validate: " + e.getMessage(), e);
        }
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Files.createDirectories(HOME);
            boolean lockChanged = !Files.exists(HOME.resolve("package-lock.json")) || Files.mismatch(
                    SOURCES.resolve("package-lock.json"), HOME.resolve("package-lock.json")) != -1;
            for (String file : FILES) {
                Files.copy(SOURCES.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            if (lockChanged || !Files.isDirectory(HOME.resolve("node_modules"))) {
                Helm.Result npm = Helm.exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--silent"), HOME);
                if (npm.exitCode() != 0) {
                    throw new IllegalStateException("npm could not install the manifest validator's packages: "
                            + npm.output());
                }
            }
            installed = true;
        } catch (IOException e) {
            throw new IllegalStateException("Could not set up the manifest validator: " + e.getMessage(), e);
        }
    }
}
