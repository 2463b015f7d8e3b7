package dev.profilebridge.marketing.sap;

import static dev.profilebridge.connector.mapping.ProfileFields.birthDate;
import static dev.profilebridge.connector.mapping.ProfileFields.edmDate;
import static dev.profilebridge.connector.mapping.ProfileFields.instant;
import static dev.profilebridge.connector.mapping.ProfileFields.isEmail;
import static dev.profilebridge.connector.mapping.ProfileFields.putIfFits;
import static dev.profilebridge.connector.mapping.ProfileFields.putIfPresent;
import static dev.profilebridge.connector.mapping.ProfileFields.putTruncated;
import static dev.profilebridge.connector.mapping.ProfileFields.text;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.connector.mapping.ProfileFields;
import dev.profilebridge.connector.spi.UnmappableProfileException;
import dev.profilebridge.connector.odata.BatchRequest.Operation;
import dev.profilebridge.wire.ProfileEventFields;

/**
 * Maps a canonical profile event to the writes of one Marketing Cloud changeset: {@code PUT ContactOriginData},
 * then a {@code PATCH MarketingPermissions} per mapped consent and a {@code PATCH MarketingSubscriptions} per mapped
 * subscription, as SAP's own samples do, each with the {@code Sap-Cuan-*} headers of {@link ContactWriteHeaders}.
 * <p>
 * Values longer than their field: free text (names, city, street) is truncated to the field's length, since a
 * shortened name is still the person's name; structured values (e-mail, phone, country, postal code, language)
 * are left out instead, since a shortened one would be wrong. A profile with consents or subscriptions but no valid
 * e-mail address cannot be written (the permission ID is the address, and SAP rejects the whole contact): it is
 * refused with {@link UnmappableProfileException}, for the dead-letter topic.
 */
public final class ContactOriginMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ContactMapping mapping;

    public ContactOriginMapper(ContactMapping mapping) {
        this.mapping = mapping;
    }

    public List<Operation> map(JsonNode event) {
        String uid = event.path(ProfileEventFields.UID).asText();
        Instant changedAt = Instant.parse(event.path(ProfileEventFields.CHANGED_AT).asText());
        JsonNode profile = event.path(ProfileEventFields.PROFILE);
        String email = text(profile, "email");
        boolean validEmail = isEmail(email, 241);

        List<Operation> operations = new ArrayList<>();
        operations.add(new Operation("PUT", "ContactOriginData(" + key(Map.of("ContactOrigin", mapping.contactOrigin(),
                "ContactID", uid), "ContactOrigin", "ContactID") + ")", originData(uid, changedAt, profile,
                        validEmail ? email : null).toString()));
        List<Operation> consents = new ArrayList<>();
        consents.addAll(permissions(uid, email, event.path(ProfileEventFields.PREFERENCES), changedAt));
        consents.addAll(subscriptions(uid, email, event.path(ProfileEventFields.SUBSCRIPTIONS), changedAt));
        if (!consents.isEmpty() && !validEmail) {
            // The address itself stays out of the reason: reasons go to logs; the event keeps the address.
            throw new UnmappableProfileException("Profile " + uid + " has consents or subscriptions but no valid "
                    + "e-mail address (" + (email == null ? "none given" : "the one given is not an address") + ")");
        }
        operations.addAll(consents);
        Map<String, String> headers = mapping.headers().forChange(changedAt);
        return operations.stream().map(operation -> new Operation(operation.method(), operation.path(),
                operation.jsonBody(), headers)).toList();
    }

    private ObjectNode originData(String uid, Instant changedAt, JsonNode profile, String email) {
        ObjectNode data = NODES.objectNode();
        data.put("ContactOrigin", mapping.contactOrigin());
        data.put("ContactID", uid);
        data.put("OriginDataLastChgUTCDateTime", edmDate(changedAt));
        String first = text(profile, "firstName");
        String last = text(profile, "lastName");
        putTruncated(data, "FirstName", first, 40);
        putTruncated(data, "LastName", last, 40);
        String full = (first == null ? "" : first) + (first != null && last != null ? " " : "") + (last == null ? "" : last);
        putTruncated(data, "FullName", full.isBlank() ? null : full, 80);
        if (email != null) {
            data.put("EmailAddress", email);
        }
        phones(profile.path("phones"), data);
        putIfPresent(data, "Country", ProfileFields.isoCountry(text(profile, "country")));
        putTruncated(data, "CityName", text(profile, "city"), 40);
        putTruncated(data, "StreetName", text(profile, "address"), 60);
        putIfFits(data, "ContactPostalCode", text(profile, "zip"), 10);
        putIfPresent(data, "Language", ProfileFields.isoLanguage(text(profile, "locale")));
        String gender = text(profile, "gender");
        if (gender != null) {
            // SAP's fixed values: 1 male, 2 female, blank unknown. Absent stays absent, so UpdatePatch keeps SAP's.
            data.put("GenderCode", "m".equals(gender) ? "1" : "f".equals(gender) ? "2" : "");
        }
        birthDate(profile).ifPresent(date -> data.put("BirthDate", edmDate(date)));
        data.put("IsConsumer", true);
        return data;
    }

    private void phones(JsonNode phones, ObjectNode data) {
        for (JsonNode phone : phones) {
            String number = text(phone, "number");
            if (number == null || number.length() > 30) {
                continue;
            }
            String field = "mobile".equalsIgnoreCase(text(phone, "type")) ? "MobileNumber" : "PhoneNumber";
            if (!data.has(field)) {
                data.put(field, number);
            }
        }
    }

    /** One permission per key: two CDC consents on one medium give one permission, the most recently changed. */
    private List<Operation> permissions(String uid, String email, JsonNode preferences, Instant changedAt) {
        Map<String, JsonNode> byMedium = new LinkedHashMap<>();
        Map<String, Instant> changed = new LinkedHashMap<>();
        for (Map.Entry<String, String> consent : mapping.consentMedia().entrySet()) {
            JsonNode statement = preferences.path(consent.getKey());
            if (!statement.path("isConsentGranted").isBoolean()) {
                continue;
            }
            Instant modified = instant(text(statement, "lastConsentModified"), changedAt);
            Instant known = changed.get(consent.getValue());
            if (known == null || modified.isAfter(known)) {
                byMedium.put(consent.getValue(), statement);
                changed.put(consent.getValue(), modified);
            }
        }
        List<Operation> operations = new ArrayList<>();
        byMedium.forEach((medium, statement) -> {
            ObjectNode body = NODES.objectNode();
            body.put("PermissionGranted", statement.path("isConsentGranted").booleanValue() ? "Y" : "N");
            body.put("PermissionUTCDateTime", edmDate(changed.get(medium)));
            operations.add(new Operation("PATCH", "MarketingPermissions(" + consentKey(uid, email, medium, null) + ")",
                    body.toString()));
        });
        return operations;
    }

    private List<Operation> subscriptions(String uid, String email, JsonNode subscriptions, Instant changedAt) {
        Map<String, Operation> byTopic = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> all = subscriptions.fields(); all.hasNext();) {
            Map.Entry<String, JsonNode> subscription = all.next();
            String topic = mapping.subscriptionTopics().get(subscription.getKey());
            JsonNode state = subscription.getValue().path("email");
            if (topic == null || !state.path("isSubscribed").isBoolean()) {
                continue;
            }
            ObjectNode body = NODES.objectNode();
            body.put("SubscriptionSignUpExists", state.path("isSubscribed").booleanValue() ? "Y" : "N");
            body.put("SubscriptionUTCDateTime", edmDate(instant(text(state, "lastUpdatedSubscriptionState"), changedAt)));
            byTopic.put(topic, new Operation("PATCH", "MarketingSubscriptions(" + consentKey(uid, email, "EMAIL", topic)
                    + ")", body.toString()));
        }
        return new ArrayList<>(byTopic.values());
    }

    private String consentKey(String uid, String email, String medium, String topic) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("ContactID", uid);
        key.put("ContactOrigin", mapping.contactOrigin());
        key.put("ContactPermissionID", email == null ? "" : email);
        key.put("ContactPermissionOrigin", mapping.permissionOrigin());
        key.put("MarketingArea", mapping.marketingArea());
        key.put("CommunicationMedium", medium);
        if (topic != null) {
            key.put("SubscriptionTopic", topic);
        }
        return key(key, key.keySet().toArray(String[]::new));
    }

    /** An OData key predicate: quotes doubled inside values, then percent-encoded for the request line. */
    private static String key(Map<String, String> values, String... names) {
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            String value = values.get(name).replace("'", "''");
            parts.add(name + "='" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20") + "'");
        }
        return String.join(",", parts);
    }
}
