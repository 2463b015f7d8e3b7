package dev.profilebridge.marketing;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import dev.profilebridge.testsupport.contract.KafkaRoundTripContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingConnectorKafkaTest extends KafkaRoundTripContract {
}
