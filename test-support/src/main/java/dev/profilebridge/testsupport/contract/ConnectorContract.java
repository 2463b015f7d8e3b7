package dev.profilebridge.testsupport.contract;

import dev.profilebridge.sandbox.SapGatewaySandbox;
import dev.profilebridge.testsupport.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** What the connectors' contract tests share: the broker and the connector under test, through its fixture. */
public abstract class ConnectorContract {

    @InjectKafkaCompanion
    protected KafkaCompanion kafka;

    protected abstract ConnectorFixture connector();

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
