package dev.profilebridge.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProfileRouteTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ProfileRoute marketing = new ProfileRoute("marketing", "profiles.marketing",
            List.of("profile.email", "preferences"));

    @Test
    void aRouteWithoutConditionTakesEveryProfile() {
        assertTrue(new ProfileRoute("service", "profiles.service", List.of()).accepts(json("{}")));
    }

    @Test
    void aConditionalRouteTakesProfilesWithAnEmailOrAConsent() throws Exception {
        assertTrue(marketing.accepts(json("{\"profile\":{\"email\":\"a@b.c\"}}")));
        assertTrue(marketing.accepts(json("{\"preferences\":{\"marketing.email\":{\"isConsentGranted\":false}}}")));
        assertFalse(marketing.accepts(json("{\"profile\":{\"firstName\":\"A\"}}")));
        assertFalse(marketing.accepts(json("{\"profile\":{\"email\":\"  \"},\"preferences\":{}}")));
        assertFalse(marketing.accepts(json("{\"profile\":{\"email\":null}}")));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
