package dev.profilebridge.console.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jakarta.ws.rs.core.NewCookie;

class TokenCookieTest {

    @Test
    void theTokenIsKeptWhereNoScriptAndNoOtherSiteReachesItAndExpiresWithIt() {
        NewCookie cookie = TokenCookie.holding("the-token", 300, false);
        assertEquals(TokenCookie.NAME, cookie.getName());
        assertEquals("the-token", cookie.getValue());
        assertTrue(cookie.isHttpOnly());
        assertEquals(NewCookie.SameSite.STRICT, cookie.getSameSite());
        assertEquals(300, cookie.getMaxAge());
        assertEquals("/", cookie.getPath());
        assertFalse(cookie.isSecure(), "plain http (./run): a Secure cookie would never come back");
        assertTrue(TokenCookie.holding("the-token", 300, true).isSecure());
    }

    @Test
    void signingOutMakesTheBrowserDropIt() {
        NewCookie cookie = TokenCookie.cleared(true);
        assertEquals(0, cookie.getMaxAge());
        assertEquals("", cookie.getValue());
        assertTrue(cookie.isHttpOnly() && cookie.isSecure());
        assertEquals(NewCookie.SameSite.STRICT, cookie.getSameSite());
    }
}
