package dev.profilebridge.marketing;

import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.testsupport.contract.ConnectorFixture;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;

/** marketing-connector for the contract tests: its topic and the Marketing Cloud sandbox, contacts of origin GIGYA. */
public final class MarketingFixture implements ConnectorFixture {

    @Override
    public String connectorName() {
        return "marketing-connector";
    }

    @Override
    public String topic() {
        return "profiles.marketing";
    }

    @Override
    public MarketingCloudSandbox sandbox() {
        return MarketingSandboxResource.sandbox();
    }

    @Override
    public String firstNameAtTarget(String uid) {
        return sandbox().firstName("GIGYA", uid);
    }

    @Override
    public void rejectAtTarget(String uid) {
        sandbox().rejectContact(uid);
    }

    @Override
    public void acceptAtTarget(String uid) {
        sandbox().acceptContact(uid);
    }
}
