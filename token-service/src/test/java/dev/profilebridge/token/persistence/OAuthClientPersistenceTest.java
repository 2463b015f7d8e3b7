package dev.profilebridge.token.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class OAuthClientPersistenceTest {

    @Test
    @RunOnVertxContext
    void clientIsStoredAndReadBack(UniAsserter asserter) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        OAuthClient client = new OAuthClient();
        client.clientId = "cdc-dataflow-" + now.toEpochMilli();
        client.description = "CDC IdentitySync – Zoë's tenant";
        client.allowedScopes = "profiles:write";
        client.tokenLifetimeSeconds = 1800;
        client.enabled = false;
        client.createdAt = now;
        client.updatedAt = now;

        asserter.execute(() -> Panache.withTransaction(client::persist));
        asserter.assertThat(() -> Panache.withSession(() -> OAuthClient.<OAuthClient> findById(client.clientId)),
                stored -> {
                    assertEquals("CDC IdentitySync – Zoë's tenant", stored.description);
                    assertEquals("profiles:write", stored.allowedScopes);
                    assertEquals(1800, stored.tokenLifetimeSeconds);
                    assertFalse(stored.enabled);
                    assertEquals(now, stored.createdAt);
                });
    }
}
