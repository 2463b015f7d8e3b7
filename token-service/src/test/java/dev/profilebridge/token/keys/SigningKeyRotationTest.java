package dev.profilebridge.token.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.token.persistence.SigningKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class SigningKeyRotationTest {

    @Inject
    SigningKeys keys;

    @Test
    void replicasRunningTheScheduleAtOnceRotateOnlyOnce() throws Throwable {
        String before = keys.current().activeKid();
        // Both "replicas" see the active key as due (past its 30-day rotation period) at the same moment.
        Instant due = Instant.now().plus(Duration.ofDays(31));
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> maintain(due));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> maintain(due));
        CompletableFuture.allOf(first, second).join();

        assertEquals(1, count("from SigningKey where retiredAt is null"), "exactly one active key");
        // Only this rotation creates keys dated 31 days ahead. (A total count would also see other test classes'
        // retired keys, which maintaining at that date removes.)
        assertEquals(1, count("from SigningKey where createdAt > ?1", Instant.now().plus(Duration.ofDays(30))),
                "exactly one key added");
        assertEquals(1, count("from SigningKey where kid = ?1 and retiredAt is not null", before),
                "the key active before is retired, and still published");
        assertNotEquals(before, keys.current().activeKid());
    }

    private void maintain(Instant now) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> keys.maintainAt(now));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String query, Object... params) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SigningKey.count(query, params)));
    }
}
