package dev.profilebridge.marketing.engine;

import java.util.Map;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.marketing.MarketingFixture;
import dev.profilebridge.testsupport.contract.ConnectorFixture;
import dev.profilebridge.testsupport.contract.ConnectorOAuthContract;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** marketing-connector with OAuth 2.0 client credentials instead of Basic. */
@QuarkusTest
@TestProfile(MarketingOAuthDeliveryTest.OAuth.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingOAuthDeliveryTest extends ConnectorOAuthContract {

    public static class OAuth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return oauthConfig(MarketingSandboxResource.sandbox(), "marketing");
        }
    }

    private static final MarketingFixture FIXTURE = new MarketingFixture();

    @Override
    protected ConnectorFixture connector() {
        return FIXTURE;
    }
}
