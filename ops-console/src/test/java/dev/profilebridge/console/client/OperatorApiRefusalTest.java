package dev.profilebridge.console.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A service's refusal keeps its status and its words, and says what the operator can do about it. */
class OperatorApiRefusalTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aForbiddenCallSaysWhichScopeTheClientLacks() {
        ApiException refused = OperatorApi.refused("marketing", 403, problem("Forbidden", "Missing scope"));
        assertEquals(403, refused.status(), "a 403 stays a 403: the console adds no privilege and hides no refusal");
        assertEquals("Forbidden", refused.title());
        assertTrue(refused.detail().contains("The marketing API refused this"), refused.detail());
        assertTrue(refused.detail().contains("dlq:operate"), refused.detail());
        assertTrue(refused.detail().endsWith("Missing scope"), "the service's own detail is kept: " + refused.detail());
    }

    @Test
    void anExpiredOrRevokedTokenAsksToSignInAgain() {
        ApiException refused = OperatorApi.refused("ingest", 401, problem("Unauthorized", "revoked"));
        assertEquals(401, refused.status());
        assertTrue(refused.detail().contains("sign in again"), refused.detail());
    }

    @Test
    void anyOtherProblemIsPassedOnAsItCame() {
        ApiException refused = OperatorApi.refused("marketing", 409, problem("Conflict", "Replay x is done"));
        assertEquals(409, refused.status());
        assertEquals("Replay x is done", refused.detail());
        assertEquals("HTTP 502", OperatorApi.refused("service", 502, json.createObjectNode()).title(),
                "a body that is no problem still gives a title");
    }

    private ObjectNode problem(String title, String detail) {
        return json.createObjectNode().put("title", title).put("detail", detail);
    }
}
