package dev.profilebridge.marketing.ops;

import dev.profilebridge.marketing.MarketingFixture;
import dev.profilebridge.testsupport.contract.ConnectorFixture;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerResource;
import dev.profilebridge.testsupport.contract.ConnectorOperatorContract;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The operators' API of the Marketing Cloud connector: dead letters, replays and traces against the sandbox. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class MarketingOperatorTest extends ConnectorOperatorContract {

    private static final MarketingFixture FIXTURE = new MarketingFixture();

    @Override
    protected ConnectorFixture connector() {
        return FIXTURE;
    }
}
