package dev.profilebridge.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.sandbox.C4CSandboxMain;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.sandbox.MarketingCloudSandboxMain;

/**
 * The one registry of the Profile Bridge services as the local stack, the end-to-end test and the restart tests run
 * them: each from its packaged jar, on its default port, started in this order (ingest-service reads token-service's
 * keys); a connector with the prefix of its SAP target's variables and the sandbox that stands in for that target.
 * A new connector is one more constant here.
 */
public enum ProfileBridgeService {

    TOKEN_SERVICE("token-service", 8081, null, null),
    INGEST_SERVICE("ingest-service", 8080, null, null),
    MARKETING_CONNECTOR("marketing-connector", 8082, "PB_MARKETING",
            new SapSandboxProcess("marketing-sandbox", "--marketing-url", 8091,
                    MarketingCloudSandboxMain.class.getName(), MarketingCloudSandbox.SERVICE_PATH, "contacts")),
    SERVICE_CONNECTOR("service-connector", 8083, "PB_C4C",
            new SapSandboxProcess("c4c-sandbox", "--c4c-url", 8092, C4CSandboxMain.class.getName(),
                    C4CSandbox.SERVICE_PATH, "customers")),
    /** The operators' web console: it calls the others' operator APIs only when a page is asked, so it starts last. */
    OPS_CONSOLE("ops-console", 8084, null, null);

    private final String module;
    private final int defaultPort;
    private final String targetVariablePrefix;
    private final SapSandboxProcess sandbox;

    /**
     * @param targetVariablePrefix a connector's prefix of {@code _URL}, {@code _USER}, {@code _PASSWORD} for its SAP
     *        target
     * @param sandbox a connector's stand-in for its SAP target
     */
    ProfileBridgeService(String module, int defaultPort, String targetVariablePrefix, SapSandboxProcess sandbox) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.targetVariablePrefix = targetVariablePrefix;
        this.sandbox = sandbox;
    }

    /** The connectors, in start order. */
    public static List<ProfileBridgeService> connectors() {
        return Stream.of(values()).filter(ProfileBridgeService::isConnector).toList();
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

    /** A connector's variable for its SAP target: {@code PB_MARKETING_URL}, {@code PB_C4C_PASSWORD}, … */
    public String targetVariable(String suffix) {
        requireConnector();
        return targetVariablePrefix + "_" + suffix;
    }

    /** The sandbox a stack runs in place of a connector's SAP target. */
    public SapSandboxProcess sandbox() {
        requireConnector();
        return sandbox;
    }

    /** The packaged application below the repository's root. */
    public Path jar(Path repository) {
        return repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private void requireConnector() {
        if (!isConnector()) {
            throw new IllegalStateException(module + " is not a connector");
        }
    }
}
