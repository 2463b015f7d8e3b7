package dev.profilebridge.localstack;

import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.sandbox.C4CSandboxMain;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.sandbox.MarketingCloudSandboxMain;
import dev.profilebridge.testsupport.stack.ProfileBridgeService;

/** The SAP sandboxes the local stack runs, each as its own process, and the connector that writes to each. */
enum SapSandbox {

    MARKETING_CLOUD("marketing-sandbox", "--marketing-url", 8091, MarketingCloudSandboxMain.class.getName(),
            MarketingCloudSandbox.SERVICE_PATH, "contacts", ProfileBridgeService.MARKETING_CONNECTOR),
    C4C("c4c-sandbox", "--c4c-url", 8092, C4CSandboxMain.class.getName(), C4CSandbox.SERVICE_PATH, "customers",
            ProfileBridgeService.SERVICE_CONNECTOR);

    final String component;
    /** The option that names a real tenant's service root instead of this sandbox. */
    final String tenantUrlOption;
    final int defaultPort;
    final String mainClass;
    final String servicePath;
    /** The field of {@code /sandbox/stats} that counts what the sandbox holds. */
    final String storedCountField;
    final ProfileBridgeService connector;

    SapSandbox(String component, String tenantUrlOption, int defaultPort, String mainClass, String servicePath,
            String storedCountField, ProfileBridgeService connector) {
        this.component = component;
        this.tenantUrlOption = tenantUrlOption;
        this.defaultPort = defaultPort;
        this.mainClass = mainClass;
        this.servicePath = servicePath;
        this.storedCountField = storedCountField;
        this.connector = connector;
    }

    /** The connector's variables for its SAP target: {@code PB_MARKETING_URL}, {@code PB_C4C_PASSWORD}, … */
    String variable(String suffix) {
        return connector.targetVariablePrefix() + "_" + suffix;
    }
}
