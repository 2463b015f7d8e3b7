package dev.profilebridge.testsupport.sap;

import java.util.Map;

import dev.profilebridge.sandbox.MarketingCloudSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points marketing-connector at one Marketing Cloud sandbox per test JVM, on a free loopback port. */
public class MarketingSandboxResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "COMM_USER_TEST";
    public static final String PASSWORD = "sandbox-password";
    private static MarketingCloudSandbox sandbox;

    public static synchronized MarketingCloudSandbox sandbox() {
        if (sandbox == null) {
            sandbox = MarketingCloudSandbox.start(0, USER, PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "marketing-sandbox-stop"));
        }
        return sandbox;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("marketing.service-url", sandbox().serviceUrl(),
                "marketing.user", USER,
                "marketing.password", PASSWORD);
    }

    @Override
    public void stop() {
        // Shared by every application instance of the JVM; its shutdown hook stops it.
    }
}
