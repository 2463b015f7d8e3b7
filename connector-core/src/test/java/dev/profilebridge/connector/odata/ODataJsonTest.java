package dev.profilebridge.connector.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shapes SAP answers in (docs/sap-conformance.md, rows C4C-single-entity and SAP-error-body). */
class ODataJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSingleEntityIsReadFromC4CsResultsWrapperAndFromPlainODataV2() throws Exception {
        JsonNode c4c = JSON.readTree("""
                {"d":{"results":{"__metadata":{"etag":"W/\\"x\\""},"ObjectID":"00163E0A","results":"a property"}}}""");
        JsonNode plain = JSON.readTree("""
                {"d":{"__metadata":{"etag":"W/\\"x\\""},"ObjectID":"00163E0B","results":{"deferred":true}}}""");

        assertEquals("00163E0A", ODataJson.singleEntity(c4c).path("ObjectID").asText());
        assertEquals("W/\"x\"", ODataJson.singleEntity(c4c).path("__metadata").path("etag").asText());
        assertEquals("00163E0B", ODataJson.singleEntity(plain).path("ObjectID").asText(),
                "an entity with __metadata is the entity, even with a property named results");
    }

    @Test
    void aCollectionIsReadFromResultsAndFromAV1Array() throws Exception {
        assertEquals(2, ODataJson.entities(JSON.readTree("{\"d\":{\"results\":[{},{}]}}")).size());
        assertEquals(1, ODataJson.entities(JSON.readTree("{\"d\":[{}]}")).size());
        assertEquals(0, ODataJson.entities(JSON.readTree("{\"d\":{\"results\":[]}}")).size());
    }

    @Test
    void sapsErrorMessageIsTakenWithTheDetailsThatSayMore() {
        String gateway = """
                {"error":{"code":"CRM_BUPA/066","message":{"lang":"en","value":"Enter a last name"},
                 "innererror":{"transactionid":"AB12","errordetails":[
                   {"code":"CRM_BUPA/066","message":"Enter a last name","severity":"error"},
                   {"code":"CRM_BUPA/105","message":"E-mail address x@ is invalid","severity":"error"}]}}}""";
        assertEquals("Enter a last name (E-mail address x@ is invalid)", ODataJson.errorMessage(gateway));
        assertEquals("Enter a last name", ODataJson.errorMessage(
                "{\"error\":{\"code\":\"X\",\"message\":{\"lang\":\"en\",\"value\":\"Enter a last name\"}}}"));
        assertEquals("Service unavailable", ODataJson.errorMessage("""
                <?xml version="1.0" encoding="utf-8"?><error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">\
                <code>SY/530</code><message xml:lang="en">Service unavailable</message></error>"""));
        assertEquals("CSRF token validation failed", ODataJson.errorMessage("CSRF token validation failed"));
        assertEquals("(no message)", ODataJson.errorMessage(""));
    }
}
