package dev.profilebridge.service.sap;

import static dev.profilebridge.connector.mapping.ProfileFields.putIfPresent;
import static dev.profilebridge.connector.mapping.ProfileFields.birthDate;
import static dev.profilebridge.connector.mapping.ProfileFields.edmDate;
import static dev.profilebridge.connector.mapping.ProfileFields.instant;
import static dev.profilebridge.connector.mapping.ProfileFields.isEmail;
import static dev.profilebridge.connector.mapping.ProfileFields.putIfFits;
import static dev.profilebridge.connector.mapping.ProfileFields.putTruncated;
import static dev.profilebridge.connector.mapping.ProfileFields.text;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.connector.mapping.ProfileFields;
import dev.profilebridge.connector.spi.UnmappableProfileException;
import dev.profilebridge.wire.ProfileEventFields;

/**
 * Maps a canonical profile event to the body of an {@code IndividualCustomerCollection} POST or PATCH.
 * <p>
 * Field lengths and code lists are checked here, before C4C sees them: free text (names, city, street) is truncated
 * to its field; structured values that do not fit or are not in C4C's code list (e-mail, phones, postal code,
 * country, language) are left out, since a shortened or guessed one would be wrong. Absent CDC values are left out
 * too, so a sparse profile never blanks what C4C already holds (PATCH updates only the given fields). A UID longer
 * than {@code ExternalID} (100) cannot identify the customer and is refused, for the dead-letter topic.
 */
public final class IndividualCustomerMapper {

    static final int EXTERNAL_ID_LENGTH = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final CustomerMapping mapping;

    public IndividualCustomerMapper(CustomerMapping mapping) {
        this.mapping = mapping;
    }

    public ObjectNode map(JsonNode event) {
        String uid = event.path(ProfileEventFields.UID).asText();
        if (uid.length() > EXTERNAL_ID_LENGTH) {
            throw new UnmappableProfileException("UID " + uid.substring(0, 20) + "… is longer than C4C's ExternalID ("
                    + EXTERNAL_ID_LENGTH + " characters)");
        }
        JsonNode profile = event.path(ProfileEventFields.PROFILE);
        ObjectNode customer = NODES.objectNode();
        customer.put("ExternalID", uid);
        putTruncated(customer, "ExternalSystem", mapping.externalSystem(), 20);
        putTruncated(customer, "FirstName", text(profile, "firstName"), 40);
        String last = text(profile, "lastName");
        putTruncated(customer, "LastName", last == null ? mapping.lastNameFallback() : last, 40);
        String email = text(profile, "email");
        if (isEmail(email, 255)) {
            customer.put("Email", email);
        }
        phones(profile.path("phones"), customer);
        putIfPresent(customer, "CountryCode", ProfileFields.isoCountry(text(profile, "country")));
        putTruncated(customer, "City", text(profile, "city"), 40);
        putTruncated(customer, "Street", text(profile, "address"), 60);
        putIfFits(customer, "StreetPostalCode", text(profile, "zip"), 10);
        putIfPresent(customer, "LanguageCode", ProfileFields.isoLanguage(text(profile, "locale")));
        gender(text(profile, "gender"), customer);
        birthDate(profile).ifPresent(date -> customer.put("BirthDate", edmDate(date)));
        contactPermission(event.path(ProfileEventFields.PREFERENCES),
                Instant.parse(event.path(ProfileEventFields.CHANGED_AT).asText()), customer);
        return customer;
    }

    private static void phones(JsonNode phones, ObjectNode customer) {
        for (JsonNode phone : phones) {
            String field = "mobile".equalsIgnoreCase(text(phone, "type")) ? "Mobile" : "Phone";
            if (!customer.has(field)) {
                putIfFits(customer, field, text(phone, "number"), 40);
            }
        }
    }

    private static void gender(String gender, ObjectNode customer) {
        if (gender != null) {
            customer.put("GenderCode", switch (gender) {
                case "m" -> "1";
                case "f" -> "2";
                default -> "0";
            });
        }
    }

    /** The most recently changed of the configured consents decides: 1 granted, 2 not granted. */
    private void contactPermission(JsonNode preferences, Instant changedAt, ObjectNode customer) {
        Instant newest = null;
        for (String consent : mapping.permissionConsents()) {
            JsonNode statement = preferences.path(consent);
            if (!statement.path("isConsentGranted").isBoolean()) {
                continue;
            }
            Instant modified = instant(text(statement, "lastConsentModified"), changedAt);
            if (newest == null || modified.isAfter(newest)) {
                newest = modified;
                customer.put("ContactPermissionCode", statement.path("isConsentGranted").booleanValue() ? "1" : "2");
            }
        }
    }
}
