package dev.profilebridge.token.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.persistence.SigningKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class SigningKeyRotationTest {

    @Inject
    SigningKeys keys;
    @Inject
    TokenServiceConfig config;

    /** Tests that maintain the keys at a later date leave them as of that date: back to the present for the next. */
    @AfterEach
    void backToThePresent() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> keys.maintainAt(Instant.now()));
    }

    @Test
    void replicasRunningTheScheduleAtOnceRotateOnlyOnceAndTheNewKeySignsAfterThePublishAheadPeriod() throws Throwable {
        // Both "replicas" see the active key as due (past its 30-day rotation period) at the same moment.
        Instant due = Instant.now().plus(Duration.ofDays(31));
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> maintain(due));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> maintain(due));
        CompletableFuture.allOf(first, second).join();

        // Only this rotation creates keys dated 31 days ahead. (A total count would also see other test classes'
        // keys, which maintaining at that date removes.)
        List<SigningKey> added = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SigningKey
                .<SigningKey> list("createdAt > ?1", Instant.now().plus(Duration.ofDays(30)))));
        assertEquals(1, added.size(), "exactly one key added");
        SigningKey next = added.get(0);
        assertEquals(due.plus(config.keys().publishAhead()).truncatedTo(ChronoUnit.MICROS), next.activatesAt,
                "published ahead of signing");
        assertTrue(keys.current().publicKeys().containsKey(next.kid), "published at once");
        String signingBefore = keys.current().activeKid();
        assertNotEquals(next.kid, signingBefore, "it does not sign yet");

        maintain(next.activatesAt);
        assertEquals(next.kid, keys.current().activeKid(), "it signs once the publish-ahead period is over");
        assertEquals(1, count("from SigningKey where kid = ?1 and retiredAt is not null", signingBefore),
                "the key that signed before is retired, and still published");
        assertTrue(keys.current().publicKeys().containsKey(signingBefore));
    }

    @Test
    void theScheduledMaintenancePublishesANewKeyOnceTheActiveOneIsDue() throws Throwable {
        // Due whichever key signs by then (other tests publish keys ahead): a day past the newest key's rotation.
        Instant due = newestActivation().plus(config.keys().rotationPeriod()).plus(Duration.ofDays(1));
        try {
            VertxContextSupport.subscribeAndAwait(() -> keys.maintainOnSchedule(due));

            List<SigningKey> added = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SigningKey
                    .<SigningKey> list("createdAt = ?1", due.truncatedTo(ChronoUnit.MICROS))));
            assertEquals(1, added.size(), "the schedule rotated the due key");
            assertEquals(due.plus(config.keys().publishAhead()).truncatedTo(ChronoUnit.MICROS), added.get(0).activatesAt);
            assertTrue(keys.current().publicKeys().containsKey(added.get(0).kid), "and refreshed: published at once");
        } finally {
            // Leave no key dated in the future for the other tests of this class.
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> SigningKey.delete("createdAt = ?1",
                    due.truncatedTo(ChronoUnit.MICROS))));
        }
    }

    @Test
    void theScheduledMaintenanceAddsNoKeyWhileTheActiveOneIsNotDue() throws Throwable {
        // A minute after the newest key signs: it is the active key then, far from due, and none waits ahead of it.
        Instant notDue = newestActivation().plus(Duration.ofMinutes(1));
        VertxContextSupport.subscribeAndAwait(() -> keys.maintainOnSchedule(notDue));

        assertEquals(0, count("from SigningKey where createdAt = ?1", notDue.truncatedTo(ChronoUnit.MICROS)));
    }

    /** The scheduler is off in tests, so the tests above call the scheduled method; this pins that it is scheduled. */
    @Test
    void theMaintenanceRunsOnTheSchedulerEveryRefreshIntervalOneRunAtATime() throws NoSuchMethodException {
        Scheduled schedule = SigningKeys.class.getDeclaredMethod("maintain").getAnnotation(Scheduled.class);

        assertNotNull(schedule, "SigningKeys.maintain() is not scheduled: no key would ever rotate");
        assertEquals("${token-service.keys.refresh-interval}", schedule.every());
        assertEquals(Scheduled.ConcurrentExecution.SKIP, schedule.concurrentExecution());
    }

    private static Instant newestActivation() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SigningKey
                .<SigningKey> list("revokedAt is null order by activatesAt desc"))).get(0).activatesAt;
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
