package dev.profilebridge.sandbox;

import java.util.Map;

/**
 * A contact as the Marketing Cloud sandbox stores it: the origin data fields, and the marketing permissions and
 * subscriptions by their key (the key properties joined with '|').
 */
public record MarketingContact(String origin, String id, Map<String, Object> originData,
        Map<String, Map<String, Object>> permissions, Map<String, Map<String, Object>> subscriptions) {

    public Object field(String name) {
        return originData.get(name);
    }
}
