package dev.profilebridge.connector.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sap.cloud.sdk.cloudplatform.connectivity.DefaultHttpDestination;
import com.sap.cloud.sdk.cloudplatform.connectivity.HttpClientAccessor;
import com.sap.cloud.sdk.datamodel.odata.client.ODataProtocol;
import com.sap.cloud.sdk.datamodel.odata.client.exception.ODataServiceErrorException;
import com.sap.cloud.sdk.datamodel.odata.client.request.ODataEntityKey;
import com.sap.cloud.sdk.datamodel.odata.client.request.ODataRequestBatch;
import com.sap.cloud.sdk.datamodel.odata.client.request.ODataRequestCreate;
import com.sap.cloud.sdk.datamodel.odata.client.request.ODataRequestReadByKey;
import com.sap.cloud.sdk.datamodel.odata.client.request.ODataRequestResultGeneric;
import com.sap.cloud.sdk.datamodel.odata.client.request.ODataRequestResultMultipartGeneric;
import com.sap.cloud.sdk.datamodel.odata.client.request.ODataRequestUpdate;
import com.sap.cloud.sdk.datamodel.odata.client.request.UpdateStrategy;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.sandbox.MarketingCloudSandbox;

/**
 * SAP Cloud SDK for Java's OData V2 client, the library SAP maintains for these services, as an independent party
 * (docs/sap-conformance.md, "SAP Cloud SDK as the oracle"): what the SDK sends, our sandboxes must accept as SAP does,
 * and what the SDK's parser reads from an answer, our codec must read from the same bytes. Where the two disagree on
 * purpose (single entities in C4C's {@code d.results}), the test pins the difference the table explains.
 */
class SapCloudSdkOracleTest {

    private static final String USER = "COMM_USER";
    private static final String PASSWORD = "s3cret";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The SDK reads a single entity from {@code d}; under C4C's wrapper the entity is {@code d.results}. */
    private static final java.util.function.Function<JsonElement, JsonElement> C4C_ENTITY = d -> {
        JsonObject object = d.getAsJsonObject();
        return object.has("results") && !object.has("__metadata") ? object.get("results") : d;
    };

    /** The headers as SAP's own sample for a contact write spells them (docs/sap-conformance.md, rows MKT-H1 to H5). */
    private static final Map<String, String> SAP_SAMPLE_CONTACT_HEADERS = Map.of(
            "Sap-Cuan-RequestTimestamp", "'2017-08-15T11:20:27.000'",
            "Sap-Cuan-SequenceId", "UpdatePatch",
            "Sap-Cuan-SourceSystemType", "EXT",
            "Sap-Cuan-SourceSystemId", "sample");

    private final HttpClient http = HttpClient.newHttpClient();
    private MarketingCloudSandbox marketing;
    private C4CSandbox c4c;
    private HttpServer replay;

    @AfterEach
    void stop() {
        if (marketing != null) {
            marketing.close();
        }
        if (c4c != null) {
            c4c.close();
        }
        if (replay != null) {
            replay.stop(0);
        }
    }

    // ---- the SDK's requests, against our sandboxes -------------------------------------------------------------

    @Test
    void theMarketingSandboxAcceptsTheSdksContactWriteWithSapsHeadersAndRefusesOneWithout() {
        marketing = MarketingCloudSandbox.start(0, USER, PASSWORD);
        String service = URI.create(marketing.serviceUrl()).getPath();
        ODataRequestUpdate withHeaders = contactPut(service, "uid-sdk-1");
        SAP_SAMPLE_CONTACT_HEADERS.forEach(withHeaders::addHeader);
        ODataRequestUpdate withoutHeaders = contactPut(service, "uid-sdk-2");
        ODataRequestBatch batch = new ODataRequestBatch(service, ODataProtocol.V2)
                .beginChangeset().addUpdate(withHeaders).endChangeset()
                .beginChangeset().addUpdate(withoutHeaders).endChangeset();

        try (ODataRequestResultMultipartGeneric result = batch.execute(sdkClient(marketing.serviceUrl()))) {
            assertEquals(204, result.getResult(withHeaders).getHttpResponse().getStatusLine().getStatusCode());
            ODataServiceErrorException refused = assertThrows(ODataServiceErrorException.class,
                    () -> result.getResult(withoutHeaders));
            assertEquals(400, refused.getHttpCode());
            assertTrue(refused.getOdataError().getODataMessage().contains("Sap-Cuan-"),
                    refused.getOdataError().getODataMessage());
        }
        assertEquals("Ada", marketing.firstName("GIGYA", "uid-sdk-1"));
        assertNull(marketing.contact("GIGYA", "uid-sdk-2"));
    }

    @Test
    void theC4CSandboxAcceptsTheSdksCreateAndReadAndAnswersInC4CsShape() {
        c4c = C4CSandbox.start(0, USER, PASSWORD);
        String service = URI.create(c4c.serviceUrl()).getPath();
        ODataRequestCreate create = new ODataRequestCreate(service, "IndividualCustomerCollection",
                "{\"ExternalID\":\"uid-sdk\",\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\"}", ODataProtocol.V2);
        org.apache.http.client.HttpClient client = sdkClient(c4c.serviceUrl());
        String objectId;
        String etag;
        try (ODataRequestResultMultipartGeneric result = new ODataRequestBatch(service, ODataProtocol.V2)
                .beginChangeset().addCreate(create).endChangeset().execute(client)) {
            ODataRequestResultGeneric created = result.getResult(create);
            assertEquals(201, created.getHttpResponse().getStatusLine().getStatusCode());
            Map<String, Object> asTheSdkReadsIt = created.asMap();
            assertTrue(asTheSdkReadsIt.containsKey("results") && !asTheSdkReadsIt.containsKey("ObjectID"),
                    "C4C wraps a single entity in d.results, which the SDK's generic client does not unwrap: "
                            + asTheSdkReadsIt);
            @SuppressWarnings("unchecked")
            Map<String, Object> entity = created.as(Map.class, C4C_ENTITY);
            objectId = (String) entity.get("ObjectID");
            etag = created.getVersionIdentifierFromHeader().get();
            assertEquals(etag, ((Map<?, ?>) entity.get("__metadata")).get("etag"), "ETag header and __metadata.etag agree");
        }
        assertEquals(objectId, c4c.customersWithExternalId("uid-sdk").get(0).objectId());

        ODataRequestReadByKey read = new ODataRequestReadByKey(service, "IndividualCustomerCollection",
                new ODataEntityKey(ODataProtocol.V2).addKeyProperty("ObjectID", objectId), "$format=json",
                ODataProtocol.V2);
        ODataRequestResultGeneric answer = read.execute(client);
        @SuppressWarnings("unchecked")
        Map<String, Object> entity = answer.as(Map.class, C4C_ENTITY);
        assertEquals("Lovelace", entity.get("LastName"));
        assertEquals(etag, answer.getVersionIdentifierFromHeader().get());
    }

    // ---- the same answers, read by the SDK and by our codec ------------------------------------------------------

    @Test
    void ourCodecReadsC4CsBatchAnswerAsTheSdkDoes() throws Exception {
        c4c = C4CSandbox.start(0, USER, PASSWORD);
        c4c.rejectCustomer("uid-refused");
        BatchRequest ours = new BatchRequest()
                .changeset(List.of(new BatchRequest.Operation("POST", "IndividualCustomerCollection",
                        "{\"ExternalID\":\"uid-new\",\"LastName\":\"New\"}")))
                .changeset(List.of(new BatchRequest.Operation("POST", "IndividualCustomerCollection",
                        "{\"ExternalID\":\"uid-refused\",\"LastName\":\"Refused\"}")))
                .changeset(List.of(new BatchRequest.Operation("PATCH", "IndividualCustomerCollection('" + "0".repeat(32)
                        + "')", "{\"LastName\":\"Gone\"}")));
        Answer answer = sendToSandbox(c4c.serviceUrl(), ours);
        List<ChangesetOutcome> read = BatchResponse.parse(answer.contentType(), answer.body());

        String service = URI.create(c4c.serviceUrl()).getPath();
        ODataRequestCreate created = new ODataRequestCreate(service, "IndividualCustomerCollection", "{}", ODataProtocol.V2);
        ODataRequestCreate refused = new ODataRequestCreate(service, "IndividualCustomerCollection", "{}", ODataProtocol.V2);
        ODataRequestUpdate gone = new ODataRequestUpdate(service, "IndividualCustomerCollection",
                new ODataEntityKey(ODataProtocol.V2).addKeyProperty("ObjectID", "0".repeat(32)), "{}",
                UpdateStrategy.MODIFY_WITH_PATCH, null, ODataProtocol.V2);
        try (ODataRequestResultMultipartGeneric sdk = new ODataRequestBatch(service, ODataProtocol.V2)
                .beginChangeset().addCreate(created).endChangeset()
                .beginChangeset().addCreate(refused).endChangeset()
                .beginChangeset().addUpdate(gone).endChangeset()
                .execute(sdkClient(replaying(answer)))) {
            ODataRequestResultGeneric sdkCreated = sdk.getResult(created);
            assertEquals(sdkCreated.getHttpResponse().getStatusLine().getStatusCode(), read.get(0).status());
            @SuppressWarnings("unchecked")
            Map<String, Object> entity = sdkCreated.as(Map.class, C4C_ENTITY);
            JsonNode ourEntity = ODataJson.singleEntity(JSON.readTree(read.get(0).responses().get(0).body()));
            assertEquals(entity.get("ObjectID"), ourEntity.path("ObjectID").asText());
            assertEquals(sdkCreated.getVersionIdentifierFromHeader().get(), read.get(0).responses().get(0).etag());

            assertSameError(assertThrows(ODataServiceErrorException.class, () -> sdk.getResult(refused)), read.get(1));
            assertSameError(assertThrows(ODataServiceErrorException.class, () -> sdk.getResult(gone)), read.get(2));
        }
        assertEquals(List.of(201, 400, 404), read.stream().map(ChangesetOutcome::status).toList());
    }

    @Test
    void ourCodecReadsAnEntityByKeyAsTheSdkDoesInBothShapes() throws Exception {
        String wrapped = "{\"d\":{\"results\":{\"__metadata\":{\"etag\":\"W/\\\"1\\\"\"},\"ObjectID\":\"00163E\"}}}";
        String plain = "{\"d\":{\"__metadata\":{\"etag\":\"W/\\\"1\\\"\"},\"ObjectID\":\"00163E\"}}";
        for (String body : List.of(wrapped, plain)) {
            String url = replaying(new Answer(200, "application/json", body)) + "/svc";
            ODataRequestResultGeneric sdk = new ODataRequestReadByKey("/svc", "IndividualCustomerCollection",
                    new ODataEntityKey(ODataProtocol.V2).addKeyProperty("ObjectID", "00163E"), "", ODataProtocol.V2)
                    .execute(sdkClient(url));
            @SuppressWarnings("unchecked")
            Map<String, Object> entity = sdk.as(Map.class, C4C_ENTITY);
            assertEquals(entity.get("ObjectID"), ODataJson.singleEntity(JSON.readTree(body)).path("ObjectID").asText());
            replay.stop(0);
        }
    }

    private static void assertSameError(ODataServiceErrorException sdk, ChangesetOutcome ours) {
        assertEquals(sdk.getHttpCode(), ours.status());
        assertFalse(ours.succeeded());
        assertTrue(ours.message().startsWith(sdk.getOdataError().getODataMessage()),
                "ours: " + ours.message() + ", SDK: " + sdk.getOdataError().getODataMessage());
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private static ODataRequestUpdate contactPut(String service, String uid) {
        return new ODataRequestUpdate(service, "ContactOriginData", new ODataEntityKey(ODataProtocol.V2)
                .addKeyProperty("ContactOrigin", "GIGYA").addKeyProperty("ContactID", uid),
                "{\"ContactOrigin\":\"GIGYA\",\"ContactID\":\"" + uid + "\",\"FirstName\":\"Ada\","
                        + "\"OriginDataLastChgUTCDateTime\":\"/Date(1732441200000)/\"}",
                UpdateStrategy.REPLACE_WITH_PUT, null, ODataProtocol.V2);
    }

    /** The SDK's HTTP client for a service root's host, with the sandbox's communication user; a new one each time. */
    private static org.apache.http.client.HttpClient sdkClient(String serviceUrl) {
        URI uri = URI.create(serviceUrl);
        return HttpClientAccessor.getHttpClient(DefaultHttpDestination.builder(uri.getScheme() + "://" + uri.getAuthority())
                .name("sandbox-" + System.nanoTime()).basicCredentials(USER, PASSWORD).build());
    }

    private record Answer(int status, String contentType, String body) {
    }

    /** Sends our codec's request to a sandbox as it is on the wire (CSRF fetch, then the $batch), and keeps the answer. */
    private Answer sendToSandbox(String serviceUrl, BatchRequest request) throws IOException, InterruptedException {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> fetch = http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/"))
                .header("Authorization", basic).header("X-CSRF-Token", "Fetch").build(), HttpResponse.BodyHandlers.ofString());
        String cookie = fetch.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> batch = http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/$batch"))
                .header("Authorization", basic).header("X-CSRF-Token", fetch.headers().firstValue("X-CSRF-Token").orElseThrow())
                .header("Cookie", cookie).header("Content-Type", request.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(request.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, batch.statusCode(), batch.body());
        return new Answer(batch.statusCode(), batch.headers().firstValue("Content-Type").orElseThrow(), batch.body());
    }

    /** A server on loopback that hands out a CSRF token and answers every other request with {@code answer}. */
    private String replaying(Answer answer) throws IOException {
        replay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        replay.createContext("/", exchange -> answer(exchange, answer));
        replay.start();
        return "http://127.0.0.1:" + replay.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        try (exchange) {
            if ("Fetch".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("X-CSRF-Token"))) {
                exchange.getResponseHeaders().add("X-CSRF-Token", "replayed");
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.getRequestBody().readAllBytes();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            if (answer.body().contains("\"etag\"") && answer.status() == 200) {
                exchange.getResponseHeaders().add("ETag", "W/\"1\"");
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
