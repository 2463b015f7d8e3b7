package dev.profilebridge.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import dev.profilebridge.wire.ProfileEventFields;

/**
 * The value of every record ingest-service writes to Kafka, the contract between ingest and the connectors:
 * <pre>
 * {"uid", "changedAt" (ISO 8601 UTC), "receivedAt", "source" (client id), "requestId",
 *  "profile": {...}, "preferences": {...}, "subscriptions": {...}, "data": {...},
 *  "account": {every other root field of the CDC account}}
 * </pre>
 * The CDC parts are copied byte for byte as they came (see {@link CdcAccount}). Root fields that start with {@code _}
 * are the dataflow's, not the account's ({@code _response}, the token step's output riding on the record;
 * {@code _authorization}, the bearer header our generated script prepares): they are dropped and never stored.
 * One instance writes the events of one request, whose receivedAt, source and requestId they share.
 */
public final class CanonicalProfileEvent {

    private static final List<String> SECTIONS = ProfileEventFields.SECTIONS;
    private static final List<byte[]> SECTION_NAMES = SECTIONS.stream().map(s -> utf8("," + name(s))).toList();
    private static final byte[] EMPTY_OBJECT = utf8("{}");
    private static final byte[] ACCOUNT_NAME = utf8("," + name(ProfileEventFields.ACCOUNT) + "{");
    private static final byte[] END = utf8("}}");
    private static final Set<String> NOT_COPIED = Set.of("UID", "lastUpdated", "lastUpdatedTimestamp");
    private static final JsonStringEncoder QUOTING = JsonStringEncoder.getInstance();
    /** Room for the fields written around the account's own bytes. */
    private static final int FRAME_SIZE = 512;

    private final byte[] requestFields;

    public CanonicalProfileEvent(String source, String requestId, Instant receivedAt) {
        this.requestFields = utf8("," + name(ProfileEventFields.RECEIVED_AT) + "\"" + receivedAt + "\","
                + name(ProfileEventFields.SOURCE) + "\"" + quote(source) + "\"," + name(ProfileEventFields.REQUEST_ID) + "\""
                + quote(requestId) + "\"");
    }

    public byte[] of(ProfileEvent event) {
        CdcAccount account = event.account();
        ByteArrayBuilder out = new ByteArrayBuilder(account.size() + FRAME_SIZE);
        out.write(utf8("{" + name(ProfileEventFields.UID) + "\"" + quote(event.uid()) + "\","
                + name(ProfileEventFields.CHANGED_AT) + "\"" + event.changedAt() + "\""));
        out.write(requestFields);
        for (int i = 0; i < SECTIONS.size(); i++) {
            out.write(SECTION_NAMES.get(i));
            if (account.holds(SECTIONS.get(i), JsonToken.START_OBJECT)) {
                account.copyValue(SECTIONS.get(i), out);
            } else {
                out.write(EMPTY_OBJECT);
            }
        }
        out.write(ACCOUNT_NAME);
        writeOtherFields(account, out);
        out.write(END);
        return out.toByteArray();
    }

    private static void writeOtherFields(CdcAccount account, ByteArrayBuilder out) {
        boolean first = true;
        for (String name : account.names()) {
            if (NOT_COPIED.contains(name) || SECTIONS.contains(name) || name.startsWith("_")) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            account.copyField(name, out);
            first = false;
        }
    }

    /** A field's name and colon, as the event's JSON writes it. */
    private static String name(String field) {
        return "\"" + field + "\":";
    }

    /** The JSON escapes of a string, to be written between quotes. */
    private static String quote(String text) {
        return new String(QUOTING.quoteAsString(text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
