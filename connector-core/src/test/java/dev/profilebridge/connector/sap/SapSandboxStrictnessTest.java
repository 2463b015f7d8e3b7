package dev.profilebridge.connector.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchRequest.Operation;
import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.sandbox.SapGatewaySandbox;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The sandboxes refuse what SAP refuses, so that the connectors' tests cannot pass on a request SAP would reject:
 * a consent with a property its entity type lacks, a country or language outside SAP's code lists, a C4C update
 * without the customer's ETag.
 */
class SapSandboxStrictnessTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DATE = "/Date(1732441200000)/";
    private static final Map<String, String> SOURCE = Map.of("Sap-Cuan-RequestTimestamp", "'2026-12-01T10:00:00.000'",
            "Sap-Cuan-SourceSystemType", "EXT", "Sap-Cuan-SourceSystemId", "CDC");
    private static final String ORIGIN_DATA = "ContactOriginData(ContactOrigin='SAP_CDC',ContactID='c-1')";
    private static final String PERMISSION = "MarketingPermissions(ContactID='c-1',ContactOrigin='SAP_CDC',"
            + "ContactPermissionID='jane%40example.com',ContactPermissionOrigin='EMAIL',MarketingArea='CXXGLOBAL',"
            + "CommunicationMedium='EMAIL')";

    private final Vertx vertx = Vertx.vertx();
    private SapGatewaySandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        vertx.closeAndAwait();
    }

    @Test
    void marketingCloudRefusesAConsentWithAPropertyItsEntityTypeLacks() {
        SapODataClient client = marketingCloud();
        String permission = "{\"PermissionGranted\":\"Y\",\"PermissionUTCDateTime\":\"" + DATE + "\"";

        assertEquals(400, contactWith("{}", permission + ",\"PermissionNote\":\"from CDC\"}", client).status());
        assertTrue(contactWith("{}", permission + "}", client).succeeded(), "the same consent without it is taken");
    }

    @Test
    void marketingCloudTakesOnlyIsoCountryAndLanguageCodes() {
        SapODataClient client = marketingCloud();

        assertEquals(400, contactWith("{\"Country\":\"XQ\"}", null, client).status(), "no such country");
        assertEquals(400, contactWith("{\"Language\":\"QQ\"}", null, client).status(), "no such language");
        assertTrue(contactWith("{\"Country\":\"DE\",\"Language\":\"DE\"}", null, client).succeeded());
    }

    /** C4C-W2 (docs/sap-conformance.md): If-Match is optional optimistic locking in C4C; a stale one gets 412. */
    @Test
    void c4cAppliesAnUpdateWithoutIfMatchAndRefusesAStaleOneWith412() {
        C4CSandbox c4c = C4CSandbox.start(0, "COMM_USER", "secret");
        sandbox = c4c;
        SapODataClient client = client(c4c);
        ChangesetOutcome created = send(client, new Operation("POST", "IndividualCustomerCollection",
                "{\"ExternalID\":\"uid-1\",\"LastName\":\"Before\"}"));
        String objectId = c4c.customersWithExternalId("uid-1").get(0).objectId();
        String entity = "IndividualCustomerCollection('" + objectId + "')";

        ChangesetOutcome withoutEtag = send(client, new Operation("PATCH", entity, "{\"LastName\":\"After\"}"));
        assertTrue(withoutEtag.succeeded(), "without If-Match the update goes through: " + withoutEtag);
        assertEquals("After", c4c.customersWithExternalId("uid-1").get(0).fields().get("LastName"));

        ChangesetOutcome stale = send(client, new Operation("PATCH", entity, "{\"LastName\":\"Again\"}",
                Map.of("If-Match", created.responses().get(0).etag())));
        assertEquals(412, stale.status(), "the ETag of before the first update is stale");
        assertEquals("After", c4c.customersWithExternalId("uid-1").get(0).fields().get("LastName"), "nothing changed");
    }

    /** Writes contact c-1 with the origin data's extra fields, and a permission when given; the changeset's outcome. */
    private ChangesetOutcome contactWith(String originFields, String permission, SapODataClient client) {
        String origin = "{\"OriginDataLastChgUTCDateTime\":\"" + DATE + "\",\"LastName\":\"Doe\""
                + (originFields.equals("{}") ? "" : "," + originFields.substring(1, originFields.length() - 1)) + "}";
        Operation put = new Operation("PUT", ORIGIN_DATA, origin, SOURCE);
        return permission == null ? send(client, put) : send(client, put, new Operation("PATCH", PERMISSION, permission, SOURCE));
    }

    private SapODataClient marketingCloud() {
        MarketingCloudSandbox marketing = MarketingCloudSandbox.start(0, "COMM_USER", "secret");
        sandbox = marketing;
        return client(marketing);
    }

    private SapODataClient client(SapGatewaySandbox sap) {
        return new SapODataClient(WebClient.create(vertx), new SapODataClient.Settings(sap.serviceUrl(),
                SapODataClient.Settings.basic("COMM_USER", "secret"), Duration.ofSeconds(5)));
    }

    private static ChangesetOutcome send(SapODataClient client, Operation... changeset) {
        return client.batch(new BatchRequest().changeset(List.of(changeset))).await().atMost(WAIT).get(0);
    }
}
