package dev.profilebridge.testsupport.contract;

import dev.profilebridge.sandbox.SapGatewaySandbox;

/**
 * A connector as the contract tests drive it: its name and topic, its sandbox, and how to read and steer what the
 * sandbox holds. Each connector's tests have one; every contract it runs takes it.
 */
public interface ConnectorFixture {

    String connectorName();

    String topic();

    SapGatewaySandbox sandbox();

    /** The first name the sandbox holds for this UID (the tests' version marker), or null. */
    String firstNameAtTarget(String uid);

    /** Makes the sandbox reject every write of this UID, as a validation error would. */
    void rejectAtTarget(String uid);

    /** The sandbox accepts the UID again: the fix after which an operator replays. */
    void acceptAtTarget(String uid);
}
