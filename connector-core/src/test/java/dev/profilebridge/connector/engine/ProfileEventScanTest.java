package dev.profilebridge.connector.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ProfileEventScanTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsTheTopLevelUidAndChangeTimeWhateverComesAroundThem() {
        ProfileEventScan scan = ProfileEventScan.scan(json, """
                {"profile":{"uid":"nested","changedAt":"2020-01-01T00:00:00Z","names":["a",{"b":[1,2]}]},
                 "uid":"uid-1","data":{},"changedAt":"2026-11-24T10:00:00.123Z","receivedAt":null}""").orElseThrow();
        assertEquals("uid-1", scan.uid());
        assertEquals(Instant.parse("2026-11-24T10:00:00.123Z"), scan.changedAt());
    }

    @Test
    void refusesWhatIsNotAProfileEvent() {
        for (String payload : new String[] {
                null, "", "[]", "\"uid\"", "{\"uid\":\"u\"}", "{\"changedAt\":\"2026-11-24T10:00:00Z\"}",
                "{\"uid\":\" \",\"changedAt\":\"2026-11-24T10:00:00Z\"}",
                "{\"uid\":42,\"changedAt\":\"2026-11-24T10:00:00Z\"}",
                "{\"uid\":\"u\",\"changedAt\":\"yesterday\"}",
                "{\"uid\":\"u\",\"changedAt\":\"2026-11-24T10:00:00Z\",\"profile\":{\"firstName\":",
                "{\"uid\":\"u\",\"changedAt\":\"2026-11-24T10:00:00Z\"} {\"uid\":\"v\"}" }) {
            assertTrue(ProfileEventScan.scan(json, payload).isEmpty(), String.valueOf(payload));
        }
    }
}
