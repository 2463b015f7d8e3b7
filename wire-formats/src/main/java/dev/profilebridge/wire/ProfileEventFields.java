package dev.profilebridge.wire;

import java.util.List;

/**
 * The canonical profile event, the value of every record on a profiles topic: its field names, as ingest-service
 * writes them and every connector reads them. The JSON Schema is {@link #SCHEMA_RESOURCE} on the class path.
 */
public final class ProfileEventFields {

    /** The CDC UID, also the record's key. */
    public static final String UID = "uid";
    /** When the profile changed in CDC, ISO 8601 UTC: what decides which version is newer. */
    public static final String CHANGED_AT = "changedAt";
    public static final String RECEIVED_AT = "receivedAt";
    /** The token's client id: which CDC site sent it. */
    public static final String SOURCE = "source";
    public static final String REQUEST_ID = "requestId";
    public static final String PROFILE = "profile";
    public static final String PREFERENCES = "preferences";
    public static final String SUBSCRIPTIONS = "subscriptions";
    public static final String DATA = "data";
    /** Every other root field of the CDC account. */
    public static final String ACCOUNT = "account";

    /** The CDC parts copied as CDC sent them ({@code {}} when absent). */
    public static final List<String> SECTIONS = List.of(PROFILE, PREFERENCES, SUBSCRIPTIONS, DATA);

    /** Every field, in the order ingest-service writes them. */
    public static final List<String> ALL = List.of(UID, CHANGED_AT, RECEIVED_AT, SOURCE, REQUEST_ID, PROFILE, PREFERENCES,
            SUBSCRIPTIONS, DATA, ACCOUNT);

    /** The record headers ingest-service writes beside the value. */
    public static final String REQUEST_ID_HEADER = "pb-request-id";
    public static final String CLIENT_ID_HEADER = "pb-client-id";

    public static final String SCHEMA_RESOURCE = "META-INF/schemas/profile-event.schema.json";

    private ProfileEventFields() {
    }
}
