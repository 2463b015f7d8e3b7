package dev.profilebridge.testsupport.contract;

import org.junit.jupiter.api.BeforeEach;

import dev.profilebridge.sandbox.SapGatewaySandbox;
import dev.profilebridge.testsupport.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** What the connectors' contract tests share: the broker and the connector under test, through its fixture. */
public abstract class ConnectorContract {

    @InjectKafkaCompanion
    protected KafkaCompanion kafka;

    protected abstract ConnectorFixture connector();

    /** The sandbox is shared by the JVM's tests: none starts with faults an earlier one asked for and did not use. */
    @BeforeEach
    void startWithoutLeftOverFaults() {
        sandbox().clearFaults();
    }

    protected String connectorName() {
        return connector().connectorName();
    }

    protected String topic() {
        return connector().topic();
    }

    protected SapGatewaySandbox sandbox() {
        return connector().sandbox();
    }

    protected String firstNameAtTarget(String uid) {
        return connector().firstNameAtTarget(uid);
    }

    protected void rejectAtTarget(String uid) {
        connector().rejectAtTarget(uid);
    }

    protected void acceptAtTarget(String uid) {
        connector().acceptAtTarget(uid);
    }
}
