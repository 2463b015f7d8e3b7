package dev.profilebridge.testsupport;

import java.time.Instant;

/** Canonical profile events as ingest-service writes them, for connector tests. */
public final class ProfileEvents {

    /** The change time of version 0; version n changed n seconds later. */
    public static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");

    private ProfileEvents() {
    }

    /** A profile with a first name (the version marker tests read back), a last name, an e-mail and one consent. */
    public static String event(String uid, int version, String firstName) {
        return "{\"uid\":\"" + uid + "\",\"changedAt\":\"" + BASE.plusSeconds(version) + "\",\"receivedAt\":\"" + BASE
                + "\",\"source\":\"test\",\"requestId\":\"r\",\"profile\":{\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Tester\",\"email\":\"" + uid + "@example.com\"},\"preferences\":"
                + "{\"marketing.email\":{\"isConsentGranted\":true}},\"subscriptions\":{},\"data\":{}}";
    }
}
