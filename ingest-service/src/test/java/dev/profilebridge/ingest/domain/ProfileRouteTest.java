package dev.profilebridge.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProfileRouteTest {

    private final ProfileBatchParser parser = new ProfileBatchParser(1024 * 1024, 256);
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
        assertFalse(marketing.accepts(json("{\"profile\":\"a@b.c\",\"preferences\":null}")));
    }

    private CdcAccount json(String text) {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8), "application/json", 1).get(0);
    }
}
