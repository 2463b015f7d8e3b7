package dev.profilebridge.marketing.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.spi.UnmappableProfileException;
import dev.profilebridge.connector.odata.BatchRequest.Operation;

class ContactOriginMapperTest {

    static final ContactMapping MAPPING = new ContactMapping("GIGYA", "EMAIL", "",
            Map.of("marketing.email", "EMAIL", "marketing.newsletter", "EMAIL", "marketing.sms", "SMS"),
            Map.of("newsletter.weekly", "WEEKLY_NEWS"), new ContactWriteHeaders("EXT", "SAP_CDC", "UpdatePatch"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ContactOriginMapper mapper = new ContactOriginMapper(MAPPING);

    static String fullEvent(String uid) {
        return """
                {"uid":"%s","changedAt":"2024-11-24T09:40:00.123Z","receivedAt":"2026-11-24T10:00:00Z","source":"cdc",
                 "profile":{"firstName":"Zoë","lastName":"O'Brien-Müller","email":"zoe@example.com","gender":"f",
                   "birthYear":1990,"birthMonth":2,"birthDay":28,"city":"München","country":"de","zip":"80331",
                   "address":"Marienplatz 1","locale":"de_DE",
                   "phones":[{"number":"+49 89 123456","type":"landline"},{"number":"+49 171 98765","type":"mobile"}]},
                 "preferences":{"marketing.email":{"isConsentGranted":true,"lastConsentModified":"2024-06-01T12:00:00Z"},
                   "marketing.newsletter":{"isConsentGranted":false,"lastConsentModified":"2024-01-01T12:00:00Z"},
                   "terms.ToS":{"isConsentGranted":true}},
                 "subscriptions":{"newsletter.weekly":{"email":{"isSubscribed":true,
                   "lastUpdatedSubscriptionState":"2024-07-01T08:00:00Z"}},"unmapped.list":{"email":{"isSubscribed":true}}},
                 "data":{},"account":{}}""".formatted(uid);
    }

    @Test
    void aFullAccountBecomesOriginDataOnePermissionPerKeyAndItsSubscription() throws Exception {
        List<Operation> operations = mapper.map(JSON.readTree(fullEvent("uid-1")));

        assertEquals(3, operations.size());
        Operation origin = operations.get(0);
        assertEquals("PUT", origin.method());
        assertEquals("ContactOriginData(ContactOrigin='GIGYA',ContactID='uid-1')", origin.path());
        JsonNode data = JSON.readTree(origin.jsonBody());
        assertEquals("/Date(1732441200123)/", data.get("OriginDataLastChgUTCDateTime").asText());
        assertEquals("Zoë", data.get("FirstName").asText());
        assertEquals("O'Brien-Müller", data.get("LastName").asText());
        assertEquals("Zoë O'Brien-Müller", data.get("FullName").asText());
        assertEquals("zoe@example.com", data.get("EmailAddress").asText());
        assertEquals("+49 89 123456", data.get("PhoneNumber").asText());
        assertEquals("+49 171 98765", data.get("MobileNumber").asText());
        assertEquals("DE", data.get("Country").asText());
        assertEquals("DE", data.get("Language").asText());
        assertEquals("2", data.get("GenderCode").asText());
        assertEquals("/Date(636163200000)/", data.get("BirthDate").asText());
        assertEquals("München", data.get("CityName").asText());

        // marketing.email and marketing.newsletter both map to EMAIL: one permission, the most recently changed
        Operation permission = operations.get(1);
        assertEquals("PATCH", permission.method());
        assertEquals("MarketingPermissions(ContactID='uid-1',ContactOrigin='GIGYA',ContactPermissionID='zoe%40example.com',"
                + "ContactPermissionOrigin='EMAIL',MarketingArea='',CommunicationMedium='EMAIL')", permission.path());
        assertEquals("Y", JSON.readTree(permission.jsonBody()).get("PermissionGranted").asText());
        assertEquals("/Date(1717243200000)/", JSON.readTree(permission.jsonBody()).get("PermissionUTCDateTime").asText());

        Operation subscription = operations.get(2);
        assertTrue(subscription.path().startsWith("MarketingSubscriptions("), subscription.path());
        assertTrue(subscription.path().endsWith("SubscriptionTopic='WEEKLY_NEWS')"), subscription.path());
        assertEquals("Y", JSON.readTree(subscription.jsonBody()).get("SubscriptionSignUpExists").asText());
    }

    @Test
    void everyWriteCarriesTheSourceSystemAndTheCdcChangeTimeInSapsHeaders() throws Exception {
        List<Operation> operations = mapper.map(JSON.readTree(fullEvent("uid-1")));

        for (Operation operation : operations) {
            assertEquals(Map.of("Sap-Cuan-RequestTimestamp", "'2024-11-24T09:40:00.123'",
                    "Sap-Cuan-SequenceId", "UpdatePatch", "Sap-Cuan-SourceSystemType", "EXT",
                    "Sap-Cuan-SourceSystemId", "SAP_CDC", "Sap-Cuan-ForceSynchronousProcessing", "X"),
                    operation.headers(), operation.method() + " " + operation.path());
        }
        assertThrows(IllegalArgumentException.class, () -> new ContactWriteHeaders("EXT", " ", "UpdatePatch"));
        assertThrows(IllegalArgumentException.class, () -> new ContactWriteHeaders("EXT", "CDC\r\nX-Evil: 1", "UpdatePatch"));
    }

    @Test
    void anUnknownGenderIsBlankAndAnAbsentOneIsLeftOut() throws Exception {
        JsonNode unknown = JSON.readTree(mapper.map(JSON.readTree("{\"uid\":\"u\",\"changedAt\":\"2024-11-24T09:40:00Z\","
                + "\"profile\":{\"gender\":\"u\"}}")).get(0).jsonBody());
        assertEquals("", unknown.get("GenderCode").asText());
    }

    @Test
    void aSparseAccountBecomesOriginDataAlone() throws Exception {
        List<Operation> operations = mapper.map(JSON.readTree("{\"uid\":\"it's-me\",\"changedAt\":\"2024-11-24T09:40:00Z\","
                + "\"profile\":{},\"preferences\":{},\"subscriptions\":{},\"data\":{},\"account\":{}}"));
        assertEquals(1, operations.size());
        assertEquals("ContactOriginData(ContactOrigin='GIGYA',ContactID='it%27%27s-me')", operations.get(0).path());
        JsonNode data = JSON.readTree(operations.get(0).jsonBody());
        assertFalse(data.has("FirstName"));
        assertFalse(data.has("EmailAddress"));
        assertFalse(data.has("GenderCode"), "an absent gender must not blank the one SAP holds");
        assertTrue(data.get("IsConsumer").asBoolean());
    }

    @Test
    void freeTextIsTruncatedAndStructuredValuesThatDoNotFitAreLeftOut() throws Exception {
        List<Operation> operations = mapper.map(JSON.readTree("{\"uid\":\"u\",\"changedAt\":\"2024-11-24T09:40:00Z\","
                + "\"profile\":{\"firstName\":\"" + "A".repeat(60) + "\",\"zip\":\"12345678901\",\"country\":\"Germany\","
                + "\"phones\":[{\"number\":\"" + "1".repeat(31) + "\"}]}}"));
        JsonNode data = JSON.readTree(operations.get(0).jsonBody());
        assertEquals(40, data.get("FirstName").asText().length());
        assertFalse(data.has("ContactPostalCode"));
        assertFalse(data.has("Country"));
        assertFalse(data.has("PhoneNumber"));
    }

    @Test
    void countryAndLanguageOutsideSapsCodeListsAreLeftOutNotSentForSapToRefuseTheContact() throws Exception {
        for (String[] given : new String[][] { { "XX", "zz" }, { "usa", "eng" }, { "D1", "1e" } }) {
            List<Operation> operations = mapper.map(JSON.readTree("{\"uid\":\"u\",\"changedAt\":\"2024-11-24T09:40:00Z\","
                    + "\"profile\":{\"country\":\"" + given[0] + "\",\"locale\":\"" + given[1] + "\"}}"));
            JsonNode data = JSON.readTree(operations.get(0).jsonBody());
            assertFalse(data.has("Country"), given[0]);
            assertFalse(data.has("Language"), given[1]);
        }
        JsonNode data = JSON.readTree(mapper.map(JSON.readTree("{\"uid\":\"u\",\"changedAt\":\"2024-11-24T09:40:00Z\","
                + "\"profile\":{\"country\":\"at\",\"locale\":\"de_AT\"}}")).get(0).jsonBody());
        assertEquals("AT", data.get("Country").asText());
        assertEquals("DE", data.get("Language").asText());
    }

    @Test
    void consentsWithoutAValidEmailCannotBeWrittenAndTheReasonDoesNotRepeatTheAddress() {
        UnmappableProfileException refused = assertThrows(UnmappableProfileException.class,
                () -> mapper.map(JSON.readTree("{\"uid\":\"u\",\"changedAt\":\"2024-11-24T09:40:00Z\","
                        + "\"profile\":{\"email\":\"jane.doe@invalid\"},"
                        + "\"preferences\":{\"marketing.email\":{\"isConsentGranted\":true}}}")));
        assertTrue(refused.getMessage().contains("no valid e-mail address"), refused.getMessage());
        assertFalse(refused.getMessage().contains("jane.doe"), "personal data stays in the event: " + refused.getMessage());
    }
}
