package dev.profilebridge.service.engine;

import java.util.Map;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.service.ServiceFixture;
import dev.profilebridge.testsupport.contract.ConnectorFixture;
import dev.profilebridge.testsupport.contract.ConnectorOAuthContract;
import dev.profilebridge.testsupport.sap.C4CSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** service-connector with OAuth 2.0 client credentials instead of Basic, lookups and writes alike. */
@QuarkusTest
@TestProfile(ServiceOAuthDeliveryTest.OAuth.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = C4CSandboxResource.class, scope = TestResourceScope.GLOBAL)
class ServiceOAuthDeliveryTest extends ConnectorOAuthContract {

    public static class OAuth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return oauthConfig(C4CSandboxResource.sandbox(), "c4c");
        }
    }

    private static final ServiceFixture FIXTURE = new ServiceFixture();

    @Override
    protected ConnectorFixture connector() {
        return FIXTURE;
    }
}
