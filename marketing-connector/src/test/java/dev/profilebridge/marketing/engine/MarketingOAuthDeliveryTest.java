package dev.profilebridge.marketing.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.InjectKafkaCompanion;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.sap.MarketingCloudSandbox;
import dev.profilebridge.testsupport.sap.MarketingContact;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** OAuth 2.0 client credentials instead of Basic: tokens from the sandbox's token endpoint, renewed before expiry. */
@QuarkusTest
@TestProfile(MarketingOAuthDeliveryTest.OAuth.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingOAuthDeliveryTest {

    public static class OAuth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            MarketingCloudSandbox sandbox = MarketingSandboxResource.sandbox();
            sandbox.enableOAuth("pb-client", "pb-secret", Duration.ofSeconds(3));
            String base = sandbox.oauthTokenUrl().substring(0, sandbox.oauthTokenUrl().indexOf(MarketingCloudSandbox.OAUTH_TOKEN_PATH));
            return Map.of("marketing.auth", "oauth2",
                    "marketing.oauth-refresh-before", "1s",
                    "quarkus.oidc-client.marketing.auth-server-url", base,
                    "quarkus.oidc-client.marketing.client-id", "pb-client",
                    "quarkus.oidc-client.marketing.credentials.secret", "pb-secret");
        }
    }

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private final MarketingCloudSandbox sandbox = MarketingSandboxResource.sandbox();

    @Test
    void profilesAreDeliveredWithBearerTokensThatAreRenewedBeforeTheyExpire() throws InterruptedException {
        String uid = "oauth-" + UUID.randomUUID();
        int issuedBefore = sandbox.oauthTokensIssued();
        produce(uid, 1, "first");
        Await.until(Duration.ofSeconds(30), () -> "first".equals(firstName(uid)));
        Thread.sleep(2_500);
        produce(uid, 2, "second");
        Await.until(Duration.ofSeconds(30), () -> "second".equals(firstName(uid)));
        assertTrue(sandbox.oauthTokensIssued() - issuedBefore >= 2, "a second token was fetched before the first expired");
    }

    private void produce(String uid, int version, String firstName) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>("profiles.marketing", uid, "{\"uid\":\"" + uid
                + "\",\"changedAt\":\"" + Instant.parse("2026-11-01T00:00:00Z").plusSeconds(version)
                + "\",\"profile\":{\"firstName\":\"" + firstName + "\"},\"preferences\":{},\"subscriptions\":{}}"))
                .awaitCompletion(Duration.ofSeconds(10));
    }

    private String firstName(String uid) {
        MarketingContact contact = sandbox.contact("GIGYA", uid);
        return contact == null ? null : (String) contact.field("FirstName");
    }
}
