package dev.profilebridge.service;

import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.testsupport.contract.ConnectorFixture;
import dev.profilebridge.testsupport.sap.C4CSandboxResource;

/** service-connector for the contract tests: its topic and the C4C sandbox, customers by ExternalID. */
public final class ServiceFixture implements ConnectorFixture {

    @Override
    public String connectorName() {
        return "service-connector";
    }

    @Override
    public String topic() {
        return "profiles.service";
    }

    @Override
    public C4CSandbox sandbox() {
        return C4CSandboxResource.sandbox();
    }

    /** Null when the UID has no customer, or two: a duplicate never counts as delivered. */
    @Override
    public String firstNameAtTarget(String uid) {
        return sandbox().firstNameOfOnlyCustomer(uid);
    }

    @Override
    public void rejectAtTarget(String uid) {
        sandbox().rejectCustomer(uid);
    }

    @Override
    public void acceptAtTarget(String uid) {
        sandbox().acceptCustomer(uid);
    }
}
