package dev.profilebridge.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The event is spliced from the bytes of the request: it must read, as JSON, exactly like the event built field by
 * field from the parsed account (the contract the connectors parse), whatever the spacing, escapes and value types.
 */
class CanonicalProfileEventTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:01.002Z");
    private static final ProfileBatchParser PARSER = new ProfileBatchParser(1024 * 1024, 256);

    @Test
    void everyKindOfValueIsCopiedAsItCame() throws Exception {
        String account = """
                { "UID" : "u\\"1ë" ,"lastUpdatedTimestamp":1732441200123,"lastUpdated":"2024-11-24T09:40:00Z",
                  "profile":{"firstName":"Zoë","email":"z@example.com","nested":{"a":[1,2,{"b":null}]}},
                  "preferences" : { "marketing.email" : { "isConsentGranted" : true } } ,
                  "subscriptions":{},"data":{"big":123456789012345678901234567890,"f":-1.5e3,"u":"\\u00e9\\n"},
                  "isActive":true,"isVerified":false,"deleted":null,"count":-42,"ratio":0.25,"tags":["a", "b"],
                  "_response":{"access_token":"secret"},"_authorization":"Bearer x","emails":{"verified":[]},
                  "caf\\u00e9":"key with an escape","created":"2021-03-02T08:00:00.000Z" }
                """;
        assertSameAsTreeBuilt(account);
    }

    @Test
    void missingOrNonObjectSectionsBecomeEmptyObjects() throws Exception {
        assertSameAsTreeBuilt("{\"UID\":\"u2\",\"lastUpdated\":\"2026-11-24T11:00:00.5+01:00\",\"profile\":[1],"
                + "\"data\":\"text\",\"preferences\":null}");
    }

    @Test
    void aRepeatedFieldKeepsItsLastValue() throws Exception {
        assertSameAsTreeBuilt("{\"UID\":\"u3\",\"lastUpdatedTimestamp\":5,\"city\":\"A\",\"profile\":{\"x\":1},"
                + "\"city\":\"B\",\"profile\":{\"x\":2}}");
    }

    @Test
    void theTokenStepsOutputIsNeverCopied() {
        String event = event("{\"UID\":\"u4\",\"lastUpdatedTimestamp\":5,\"_response\":{\"access_token\":\"secret-token\"}}");
        assertFalse(event.contains("_response"));
        assertFalse(event.contains("secret-token"));
    }

    @Test
    void accountsInsideAnArrayAWrapperAndNdjsonLinesAreCutAtTheirOwnBounds() throws Exception {
        String a = "{\"UID\":\"a\",\"lastUpdatedTimestamp\":1,\"profile\":{\"n\":\"A\"},\"x\":1}";
        String b = "{\"UID\":\"b\",\"lastUpdatedTimestamp\":2,\"profile\":{\"n\":\"B\"},\"y\":\"2\"}";
        for (String body : List.of("[ " + a + " ,\n" + b + " ]", "{\"records\": [" + a + "," + b + "]}",
                "\uFEFF[" + a + "," + b + "]")) {
            List<CdcAccount> records = PARSER.parse(utf8(body), "application/json", 10);
            assertEquals(expected(a), MAPPER.readTree(eventOf(records.get(0))), body);
            assertEquals(expected(b), MAPPER.readTree(eventOf(records.get(1))), body);
        }
        List<CdcAccount> lines = PARSER.parse(utf8(a + "\n\n" + b + "\n"), "application/x-ndjson", 10);
        assertEquals(expected(b), MAPPER.readTree(eventOf(lines.get(1))));
    }

    @Test
    void anAccountWithAUidAndARecordsFieldIsOneAccount() throws Exception {
        String account = "{\"UID\":\"r\",\"lastUpdatedTimestamp\":1,\"records\":[{\"UID\":\"inner\"}]}";
        List<CdcAccount> records = PARSER.parse(utf8(account), "application/json", 10);
        assertEquals(1, records.size());
        assertEquals(expected(account), MAPPER.readTree(eventOf(records.get(0))));
    }

    @Test
    void theEventIsValidUtf8Json() throws Exception {
        String event = event("{\"UID\":\"Łucja-ü\",\"lastUpdatedTimestamp\":5,\"profile\":{\"city\":\"München\"}}");
        JsonNode parsed = MAPPER.readTree(event);
        assertEquals("Łucja-ü", parsed.get("uid").textValue());
        assertEquals("München", parsed.at("/profile/city").textValue());
        assertTrue(parsed.get("account").isEmpty());
    }

    private static void assertSameAsTreeBuilt(String account) throws Exception {
        assertEquals(expected(account), MAPPER.readTree(event(account)));
    }

    private static String event(String account) {
        return new String(eventOf(PARSER.parse(utf8(account), "application/json", 1).get(0)), StandardCharsets.UTF_8);
    }

    private static byte[] eventOf(CdcAccount account) {
        ProfileEvent event = (ProfileEvent) ProfileValidator.validate(account, 0, java.time.Instant.MAX);
        return new CanonicalProfileEvent("cdc-test", "req-1", RECEIVED).of(event);
    }

    /** The event as the documented contract defines it, built field by field from the parsed account. */
    private static JsonNode expected(String text) throws Exception {
        ObjectNode account = (ObjectNode) MAPPER.readTree(text);
        ProfileEvent event = (ProfileEvent) ProfileValidator.validate(PARSER.parse(utf8(text), "application/json", 1)
                .get(0), 0, java.time.Instant.MAX);
        ObjectNode value = MAPPER.createObjectNode();
        value.put("uid", event.uid()).put("changedAt", event.changedAt().toString())
                .put("receivedAt", RECEIVED.toString()).put("source", "cdc-test").put("requestId", "req-1");
        List<String> sections = List.of("profile", "preferences", "subscriptions", "data");
        for (String section : sections) {
            JsonNode part = account.get(section);
            value.set(section, part != null && part.isObject() ? part : MAPPER.createObjectNode());
        }
        ObjectNode rest = value.putObject("account");
        Set<String> notCopied = Set.of("UID", "lastUpdated", "lastUpdatedTimestamp");
        for (Map.Entry<String, JsonNode> field : account.properties()) {
            String name = field.getKey();
            if (!notCopied.contains(name) && !sections.contains(name) && !name.startsWith("_")) {
                rest.set(name, field.getValue());
            }
        }
        return value;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
