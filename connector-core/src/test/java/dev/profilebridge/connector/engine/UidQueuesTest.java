package dev.profilebridge.connector.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The per-UID buffer's rules, without an engine. */
class UidQueuesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private final UidQueues<String> queues = new UidQueues<>();

    @Test
    void onlyAnIdleUidsFirstRecordAsksForItsLookUp() {
        assertTrue(queues.add("a", "a1"));
        assertFalse(queues.add("a", "a2"));
        assertTrue(queues.add("b", "b1"));
        assertEquals("a1", queues.head("a"));
        assertEquals(3, queues.buffered());
    }

    @Test
    void aUidGoesOutOneRecordAtATimeInItsOrder() {
        queues.add("a", "a1");
        queues.add("a", "a2");
        queues.add("b", "b1");
        queues.ready("a", T0);
        queues.ready("b", T0);

        assertEquals(List.of("a1", "b1"), queues.take(10, record -> false, T0));
        assertEquals(0, queues.readyCount());
        assertTrue(queues.finishHead("a"), "a2 is a's next record");
        assertEquals("a2", queues.head("a"));
        assertFalse(queues.finishHead("b"));
        assertFalse(queues.contains("b"));
        assertEquals(1, queues.buffered());
    }

    @Test
    void aRecordToIsolateGoesInARequestOfItsOwn() {
        for (String uid : List.of("a", "b", "c")) {
            queues.add(uid, uid + "1");
            queues.ready(uid, T0);
        }
        assertEquals(List.of("a1"), queues.take(10, "b1"::equals, T0));
        assertEquals(List.of("b1"), queues.take(10, "b1"::equals, T0));
        assertEquals(List.of("c1"), queues.take(10, "b1"::equals, T0));
    }

    @Test
    void aBatchTakesNoMoreThanAskedAndTheRestKeepsWaitingFromNow() {
        for (String uid : List.of("a", "b", "c")) {
            queues.add(uid, uid + "1");
            queues.ready(uid, T0);
        }
        assertEquals(Duration.ofSeconds(2), queues.readyWaited(T0.plusSeconds(2)));
        assertEquals(List.of("a1", "b1"), queues.take(2, record -> false, T0.plusSeconds(2)));
        assertEquals(Duration.ofSeconds(1), queues.readyWaited(T0.plusSeconds(3)));
        assertEquals(List.of("c1"), queues.take(2, record -> false, T0.plusSeconds(3)));
        assertEquals(Duration.ZERO, queues.readyWaited(T0.plusSeconds(9)));
    }

    @Test
    void aRecordSentAgainGoesBeforeTheOthersInLine() {
        queues.add("a", "a1");
        queues.add("b", "b1");
        queues.ready("a", T0);
        queues.take(1, record -> false, T0);
        queues.ready("b", T0);
        queues.release("a");
        queues.readyFirst("a", T0);
        assertEquals(List.of("a1", "b1"), queues.take(2, record -> false, T0));
    }

    @Test
    void aTakenUidsNewRecordWaitsBehindIt() {
        queues.add("a", "a1");
        queues.ready("a", T0);
        queues.take(1, record -> false, T0);
        queues.finishHead("a");
        assertTrue(queues.add("a", "a2"), "the UID is idle again, a2 needs its look-up");
    }

    @Test
    void droppingAUidLetsAllItsRecordsGo() {
        queues.add("a", "a1");
        queues.add("a", "a2");
        queues.add("b", "b1");
        queues.ready("a", T0);
        queues.ready("b", T0);

        assertEquals(2, queues.drop("a"));
        assertNull(queues.head("a"));
        assertFalse(queues.isHead("a", "a1"));
        assertEquals(1, queues.buffered());
        assertEquals(List.of("b1"), queues.take(10, record -> false, T0));
        assertEquals(0, queues.drop("a"));
        assertTrue(queues.add("a", "a3"), "a dropped UID starts anew");
    }
}
