package dev.profilebridge.marketing.it;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;

import dev.profilebridge.testsupport.contract.ConnectorRestartContract;
import dev.profilebridge.sandbox.MarketingCloudSandbox;

/** The packaged marketing-connector killed mid-stream and started again: nothing lost. */
class MarketingConnectorRestartIT extends ConnectorRestartContract {

    private final MarketingCloudSandbox sandbox = MarketingCloudSandbox.start(0, "IT_USER", "it-password");

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Override
    protected Map<String, String> connectorEnvironment(String topic) {
        return Map.of("PB_TOPIC_MARKETING", topic, "PB_MARKETING_URL", sandbox.serviceUrl(),
                "PB_MARKETING_USER", "IT_USER", "PB_MARKETING_PASSWORD", "it-password", "PB_MARKETING_MAX_IN_FLIGHT", "4");
    }

    @Override
    protected int profilesAtTarget() {
        return sandbox.contactCount();
    }

    @Override
    protected String firstNameAtTarget(String uid) {
        return sandbox.firstName("GIGYA", uid);
    }

    @Override
    protected MarketingCloudSandbox sandbox() {
        return sandbox;
    }
}
