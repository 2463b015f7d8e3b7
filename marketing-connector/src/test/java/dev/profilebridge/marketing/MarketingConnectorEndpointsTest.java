package dev.profilebridge.marketing;

import java.util.List;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import dev.profilebridge.testsupport.contract.ServiceEndpointsContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingConnectorEndpointsTest extends ServiceEndpointsContract {

    @Override
    protected List<String> expectedReadinessChecks() {
        return List.of("Reactive PostgreSQL connections health check", "Kafka connection health check",
                "Delivery target reachable");
    }

    @Override
    protected List<String> documentedSeries() {
        return deliveryEngineSeries();
    }
}
