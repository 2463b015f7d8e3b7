package dev.profilebridge.testsupport.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.sandbox.SapGatewaySandbox;

/**
 * A connector set to OAuth 2.0 client credentials instead of Basic: it delivers with bearer tokens from the SAP
 * system's token endpoint (through its quarkus-oidc-client) and renews a token before it expires. A connector's test
 * class extends this, carries {@code @QuarkusTest}, the infrastructure and sandbox resources, and a test profile whose
 * overrides are {@link #oauthConfig}.
 */
public abstract class ConnectorOAuthContract extends ConnectorContract {

    private static final String CLIENT_ID = "pb-client";
    private static final String CLIENT_SECRET = "pb-secret";

    /**
     * Turns on OAuth at the sandbox (tokens valid 3 s) and returns the connector's configuration for it: auth
     * {@code oauth2} under {@code prefix}, renewal 1 s before expiry, the named OIDC client pointed at the sandbox.
     */
    public static Map<String, String> oauthConfig(SapGatewaySandbox sandbox, String prefix) {
        sandbox.enableOAuth(CLIENT_ID, CLIENT_SECRET, Duration.ofSeconds(3));
        String tokenUrl = sandbox.oauthTokenUrl();
        String server = tokenUrl.substring(0, tokenUrl.indexOf(SapGatewaySandbox.OAUTH_TOKEN_PATH));
        return Map.of(prefix + ".auth", "oauth2",
                prefix + ".oauth-refresh-before", "1s",
                "quarkus.oidc-client." + prefix + ".auth-server-url", server,
                "quarkus.oidc-client." + prefix + ".client-id", CLIENT_ID,
                "quarkus.oidc-client." + prefix + ".credentials.secret", CLIENT_SECRET);
    }

    @Test
    void profilesAreDeliveredWithBearerTokensThatAreRenewedBeforeTheyExpire() throws InterruptedException {
        String uid = "oauth-" + UUID.randomUUID();
        int issuedBefore = sandbox().oauthTokensIssued();
        produce(uid, 1, "first");
        Await.until(Duration.ofSeconds(30), () -> "first".equals(firstNameAtTarget(uid)));
        // Past the renewal point of the token just used (3 s lifetime, renewed 1 s before expiry).
        Thread.sleep(2_500);
        produce(uid, 2, "second");
        Await.until(Duration.ofSeconds(30), () -> "second".equals(firstNameAtTarget(uid)));
        assertTrue(sandbox().oauthTokensIssued() - issuedBefore >= 2, "a second token was fetched before the first expired");
    }

    private void produce(String uid, int version, String firstName) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic(), uid, ProfileEvents.event(uid, version, firstName)))
                .awaitCompletion(Duration.ofSeconds(10));
    }
}
