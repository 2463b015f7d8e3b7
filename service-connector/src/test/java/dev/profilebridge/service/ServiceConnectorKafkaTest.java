package dev.profilebridge.service;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.sap.C4CSandboxResource;
import dev.profilebridge.testsupport.contract.KafkaRoundTripContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = C4CSandboxResource.class, scope = TestResourceScope.GLOBAL)
class ServiceConnectorKafkaTest extends KafkaRoundTripContract {
}
