package dev.profilebridge.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.wire.ProfileEventFields;

/** Canonical profile events as ingest-service writes them, for connector tests. */
public final class ProfileEvents {

    /** The change time of version 0; version n changed n seconds later. */
    public static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileEvents() {
    }

    /**
     * A profile with a first name (the version marker tests read back), a last name, an e-mail and one consent, with
     * every field of the canonical event ({@link ProfileEventFields#ALL}).
     */
    public static String event(String uid, int version, String firstName) {
        ObjectNode event = JSON.createObjectNode()
                .put(ProfileEventFields.UID, uid)
                .put(ProfileEventFields.CHANGED_AT, BASE.plusSeconds(version).toString())
                .put(ProfileEventFields.RECEIVED_AT, BASE.toString())
                .put(ProfileEventFields.SOURCE, "test")
                .put(ProfileEventFields.REQUEST_ID, "r");
        event.putObject(ProfileEventFields.PROFILE).put("firstName", firstName).put("lastName", "Tester")
                .put("email", uid + "@example.com");
        event.putObject(ProfileEventFields.PREFERENCES).putObject("marketing.email").put("isConsentGranted", true);
        event.putObject(ProfileEventFields.SUBSCRIPTIONS);
        event.putObject(ProfileEventFields.DATA);
        event.putObject(ProfileEventFields.ACCOUNT);
        return event.toString();
    }

    /**
     * A backlog: the UIDs {@code <run>-0} … {@code <run>-<uids - 1>}, each in {@code versions} versions (first names
     * {@code v0}, {@code v1}, …), version after version, keyed by UID.
     */
    public static List<ProducerRecord<String, String>> backlog(String topic, String run, int uids, int versions) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int version = 0; version < versions; version++) {
            for (int i = 0; i < uids; i++) {
                records.add(new ProducerRecord<>(topic, run + "-" + i, event(run + "-" + i, version, "v" + version)));
            }
        }
        return records;
    }

    /** How many UIDs of a backlog the target holds with this first name. */
    public static long countAt(String run, int uids, String firstName, Function<String, String> firstNameAtTarget) {
        long count = 0;
        for (int i = 0; i < uids; i++) {
            if (firstName.equals(firstNameAtTarget.apply(run + "-" + i))) {
                count++;
            }
        }
        return count;
    }
}
