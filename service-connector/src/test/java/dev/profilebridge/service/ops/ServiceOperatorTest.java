package dev.profilebridge.service.ops;

import dev.profilebridge.service.ServiceFixture;
import dev.profilebridge.testsupport.contract.ConnectorFixture;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerResource;
import dev.profilebridge.testsupport.contract.ConnectorOperatorContract;
import dev.profilebridge.testsupport.sap.C4CSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The operators' API of the C4C connector: dead letters, replays and traces against the sandbox. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = C4CSandboxResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class ServiceOperatorTest extends ConnectorOperatorContract {

    private static final ServiceFixture FIXTURE = new ServiceFixture();

    @Override
    protected ConnectorFixture connector() {
        return FIXTURE;
    }
}
