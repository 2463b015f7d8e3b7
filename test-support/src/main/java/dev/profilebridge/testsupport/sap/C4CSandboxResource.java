package dev.profilebridge.testsupport.sap;

import java.util.Map;

import dev.profilebridge.sandbox.C4CSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points service-connector at one C4C sandbox per test JVM, on a free loopback port. */
public class C4CSandboxResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "COMM_USER_C4C_TEST";
    public static final String PASSWORD = "c4c-sandbox-password";
    private static C4CSandbox sandbox;

    public static synchronized C4CSandbox sandbox() {
        if (sandbox == null) {
            sandbox = C4CSandbox.start(0, USER, PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "c4c-sandbox-stop"));
        }
        return sandbox;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("c4c.service-url", sandbox().serviceUrl(), "c4c.user", USER, "c4c.password", PASSWORD);
    }

    @Override
    public void stop() {
        // Shared by every application instance of the JVM; its shutdown hook stops it.
    }
}
