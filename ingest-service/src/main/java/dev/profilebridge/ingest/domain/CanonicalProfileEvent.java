package dev.profilebridge.ingest.domain;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value of every record ingest-service writes to Kafka, the contract between ingest and the connectors:
 * <pre>
 * {"uid", "changedAt" (ISO 8601 UTC), "receivedAt", "source" (client id), "requestId",
 *  "profile": {...}, "preferences": {...}, "subscriptions": {...}, "data": {...},
 *  "account": {every other root field of the CDC account}}
 * </pre>
 * The CDC parts are copied as they came. Root fields that start with {@code _} are the dataflow's, not the
 * account's ({@code _response}, the token step's output riding on the record; {@code _authorization}, the bearer
 * header our generated script prepares): they are dropped and never stored.
 */
public final class CanonicalProfileEvent {

    private static final List<String> SECTIONS = List.of("profile", "preferences", "subscriptions", "data");
    private static final Set<String> NOT_COPIED = Set.of("UID", "lastUpdated", "lastUpdatedTimestamp");

    private CanonicalProfileEvent() {
    }

    public static ObjectNode of(ProfileEvent event, String source, String requestId, Instant receivedAt) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode value = nodes.objectNode();
        value.put("uid", event.uid());
        value.put("changedAt", event.changedAt().toString());
        value.put("receivedAt", receivedAt.toString());
        value.put("source", source);
        value.put("requestId", requestId);
        for (String section : SECTIONS) {
            JsonNode part = event.account().get(section);
            value.set(section, part != null && part.isObject() ? part : nodes.objectNode());
        }
        ObjectNode account = nodes.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = event.account().fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (!NOT_COPIED.contains(name) && !SECTIONS.contains(name) && !name.startsWith("_")) {
                account.set(field.getKey(), field.getValue());
            }
        }
        value.set("account", account);
        return value;
    }
}
