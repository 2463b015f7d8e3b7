package dev.profilebridge.testsupport.stack;

import java.nio.file.Path;

/**
 * The Profile Bridge services as the local stack and the end-to-end test run them: each from its packaged jar, on
 * its default port, started in this order (ingest-service reads token-service's keys).
 */
public enum ProfileBridgeService {

    TOKEN_SERVICE("token-service", 8081, null),
    INGEST_SERVICE("ingest-service", 8080, null),
    MARKETING_CONNECTOR("marketing-connector", 8082, "PB_MARKETING"),
    SERVICE_CONNECTOR("service-connector", 8083, "PB_C4C");

    private final String module;
    private final int defaultPort;
    private final String targetVariablePrefix;

    /** @param targetVariablePrefix a connector's prefix of {@code _URL}, {@code _USER}, {@code _PASSWORD} for its SAP target */
    ProfileBridgeService(String module, int defaultPort, String targetVariablePrefix) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.targetVariablePrefix = targetVariablePrefix;
    }

    /** The Maven module, which is also the application's name (and a connector's metrics tag). */
    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public boolean isConnector() {
        return targetVariablePrefix != null;
    }

    /** A connector's prefix of its SAP target's variables ({@code PB_MARKETING}, {@code PB_C4C}); null otherwise. */
    public String targetVariablePrefix() {
        return targetVariablePrefix;
    }

    /** The packaged application below the repository's root. */
    public Path jar(Path repository) {
        return repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
