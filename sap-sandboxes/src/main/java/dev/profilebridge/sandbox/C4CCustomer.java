package dev.profilebridge.sandbox;

import java.util.Map;

/** An individual customer as the C4C sandbox stores it, for tests to read back. */
public record C4CCustomer(String objectId, String customerId, String etag, Map<String, Object> fields) {

    public String field(String name) {
        Object value = fields.get(name);
        return value == null ? null : value.toString();
    }
}
