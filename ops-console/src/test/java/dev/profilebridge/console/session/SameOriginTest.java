package dev.profilebridge.console.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SameOriginTest {

    private static final String CONSOLE = "https://ops.example.com";

    @Test
    void aFormFromTheConsolesOwnPageIsTaken() {
        assertTrue(SameOrigin.allows(CONSOLE, null, CONSOLE));
        assertTrue(SameOrigin.allows(null, CONSOLE + "/replays?connector=marketing", CONSOLE), "Referer when no Origin");
    }

    @Test
    void aFormFromAnotherSiteOrWithoutAnyOriginIsRefused() {
        assertFalse(SameOrigin.allows("https://evil.example.net", CONSOLE + "/", CONSOLE), "Origin wins over Referer");
        assertFalse(SameOrigin.allows("null", null, CONSOLE), "sandboxed frames send Origin: null");
        assertFalse(SameOrigin.allows(null, "https://ops.example.com.evil.net/", CONSOLE), "a prefix is not the origin");
        assertFalse(SameOrigin.allows("http://ops.example.com", null, CONSOLE), "another scheme is another origin");
        assertFalse(SameOrigin.allows(null, null, CONSOLE));
    }
}
