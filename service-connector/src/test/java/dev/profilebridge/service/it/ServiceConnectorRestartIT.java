package dev.profilebridge.service.it;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;

import dev.profilebridge.testsupport.contract.ConnectorRestartContract;
import dev.profilebridge.sandbox.C4CSandbox;

/**
 * The packaged service-connector killed while customers are being created (POSTs in flight, offsets and delivery
 * state not yet written) and started again: every UID ends as exactly one customer at its newest version.
 */
class ServiceConnectorRestartIT extends ConnectorRestartContract {

    private final C4CSandbox sandbox = C4CSandbox.start(0, "IT_USER", "it-password");

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Override
    protected Map<String, String> connectorEnvironment(String topic) {
        return Map.of("PB_TOPIC_SERVICE", topic, "PB_C4C_URL", sandbox.serviceUrl(), "PB_C4C_USER", "IT_USER",
                "PB_C4C_PASSWORD", "it-password");
    }

    @Override
    protected int profilesAtTarget() {
        return sandbox.customerCount();
    }

    /** Null when the UID has no customer, or two: a duplicate never counts as delivered. */
    @Override
    protected String firstNameAtTarget(String uid) {
        return sandbox.firstNameOfOnlyCustomer(uid);
    }

    @Override
    protected C4CSandbox sandbox() {
        return sandbox;
    }
}
