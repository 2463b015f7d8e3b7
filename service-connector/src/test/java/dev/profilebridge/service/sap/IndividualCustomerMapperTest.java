package dev.profilebridge.service.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.connector.spi.UnmappableProfileException;

class IndividualCustomerMapperTest {

    static final CustomerMapping MAPPING = new CustomerMapping("CDC", "Unknown", List.of("marketing.email", "terms.marketing"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private final IndividualCustomerMapper mapper = new IndividualCustomerMapper(MAPPING);

    static JsonNode event(String uid, String profile, String preferences) throws Exception {
        return JSON.readTree("{\"uid\":\"" + uid + "\",\"changedAt\":\"2026-11-20T10:00:00Z\",\"receivedAt\":"
                + "\"2026-11-20T10:00:01Z\",\"source\":\"cdc\",\"profile\":" + profile + ",\"preferences\":" + preferences
                + ",\"subscriptions\":{},\"data\":{}}");
    }

    @Test
    void aFullAccountFillsEveryCustomerField() throws Exception {
        ObjectNode customer = mapper.map(event("uid-1", """
                {"firstName":"Zoë","lastName":"O'Brien-Müller","email":"zoe@example.com","gender":"f",
                 "birthYear":1990,"birthMonth":2,"birthDay":28,"country":"de","city":"Köln","address":"Domkloster 4",
                 "zip":"50667","locale":"de_DE","phones":[{"type":"mobile","number":"+49 170 1234567"},
                 {"type":"home","number":"+49 221 123"}]}""", """
                {"marketing.email":{"isConsentGranted":true,"lastConsentModified":"2026-11-01T00:00:00Z"},
                 "terms.marketing":{"isConsentGranted":false,"lastConsentModified":"2026-10-01T00:00:00Z"}}"""));

        assertEquals("uid-1", customer.path("ExternalID").asText());
        assertEquals("CDC", customer.path("ExternalSystem").asText());
        assertEquals("Zoë", customer.path("FirstName").asText());
        assertEquals("O'Brien-Müller", customer.path("LastName").asText());
        assertEquals("zoe@example.com", customer.path("Email").asText());
        assertEquals("2", customer.path("GenderCode").asText());
        assertEquals("/Date(636163200000)/", customer.path("BirthDate").asText());
        assertEquals("DE", customer.path("CountryCode").asText());
        assertEquals("Köln", customer.path("City").asText());
        assertEquals("Domkloster 4", customer.path("Street").asText());
        assertEquals("50667", customer.path("StreetPostalCode").asText());
        assertEquals("DE", customer.path("LanguageCode").asText());
        assertEquals("+49 170 1234567", customer.path("Mobile").asText());
        assertEquals("+49 221 123", customer.path("Phone").asText());
        assertEquals("1", customer.path("ContactPermissionCode").asText(), "the most recently changed consent decides");
    }

    @Test
    void aSparseAccountGetsTheLastNameFallbackAndBlanksNothing() throws Exception {
        ObjectNode customer = mapper.map(event("uid-2", "{\"firstName\":\"Ana\"}", "{}"));

        assertEquals(Set.of("ExternalID", "ExternalSystem", "FirstName", "LastName"), fieldNames(customer));
        assertEquals("Unknown", customer.path("LastName").asText());
    }

    @Test
    void lengthsAndCodeListsAreEnforcedBeforeC4CSeesThem() throws Exception {
        String longName = "N".repeat(60);
        ObjectNode customer = mapper.map(event("uid-3", "{\"firstName\":\"" + longName + "\",\"lastName\":\"" + longName
                + "\",\"email\":\"not-an-address\",\"country\":\"Germany\",\"zip\":\"12345678901\",\"locale\":\"xx\","
                + "\"gender\":\"u\",\"phones\":[{\"type\":\"mobile\",\"number\":\"" + "1".repeat(41) + "\"}]}", "{}"));

        assertEquals(40, customer.path("FirstName").asText().length(), "free text is truncated");
        assertEquals(40, customer.path("LastName").asText().length());
        assertEquals("0", customer.path("GenderCode").asText());
        for (String leftOut : List.of("Email", "CountryCode", "StreetPostalCode", "LanguageCode", "Mobile")) {
            assertFalse(customer.has(leftOut), leftOut + " does not fit and is left out");
        }
    }

    @Test
    void aUidLongerThanExternalIdIsRefused() throws Exception {
        JsonNode event = event("u".repeat(101), "{\"lastName\":\"X\"}", "{}");
        assertThrows(UnmappableProfileException.class, () -> mapper.map(event));
    }

    private static Set<String> fieldNames(ObjectNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
