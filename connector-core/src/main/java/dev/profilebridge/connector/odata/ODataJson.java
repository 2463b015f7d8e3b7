package dev.profilebridge.connector.odata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads OData V2 JSON answers in the shapes SAP systems send them (see docs/sap-conformance.md): entities, and SAP
 * Gateway's error body.
 */
public final class ODataJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** SAP Gateway answers some errors (often 5xx from the ICM) as XML: {@code <message xml:lang="en">…</message>}. */
    private static final Pattern XML_MESSAGE = Pattern.compile("<message[^>]*>([^<]*)</message>");

    private ODataJson() {
    }

    /**
     * A single entity (the answer to a POST or a GET by key). C4C wraps it as {@code {"d":{"results":{…}}}} (C4C OData
     * developer's guide); plain OData V2, and SAP Cloud SDK's parser, also take {@code {"d":{…}}}. An entity of its
     * own always has {@code __metadata}, so a {@code d} without it whose {@code results} is an object is the wrapper.
     */
    public static JsonNode singleEntity(JsonNode answer) {
        JsonNode d = answer.path("d");
        JsonNode results = d.path("results");
        return results.isObject() && !d.has("__metadata") ? results : d;
    }

    /** The entities of a collection: {@code {"d":{"results":[…]}}} (OData V2), or {@code {"d":[…]}} (V1). */
    public static JsonNode entities(JsonNode answer) {
        JsonNode d = answer.path("d");
        return d.isArray() ? d : d.path("results");
    }

    /**
     * SAP's message from an error body: {@code error.message.value} and the messages of
     * {@code error.innererror.errordetails} that say more (SAP Gateway's JSON error), or the {@code <message>} of its
     * XML error; the body itself, cut to 500 characters, when it is neither.
     */
    public static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            JsonNode message = error.path("message");
            String main = message.isTextual() ? message.asText() : message.path("value").asText(null);
            if (main != null) {
                return withDetails(main, error.path("innererror").path("errordetails"));
            }
        } catch (IOException e) {
            // not JSON: an XML error or a text page, read below
        }
        Matcher xml = XML_MESSAGE.matcher(body);
        if (xml.find()) {
            return xml.group(1);
        }
        String text = body.strip();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static String withDetails(String main, JsonNode details) {
        List<String> more = new ArrayList<>();
        for (JsonNode detail : details) {
            String text = detail.path("message").asText("");
            if (!text.isBlank() && !text.equals(main) && !more.contains(text)) {
                more.add(text);
            }
        }
        return more.isEmpty() ? main : main + " (" + String.join("; ", more) + ")";
    }
}
