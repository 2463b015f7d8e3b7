package dev.profilebridge.token.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The token endpoint's errors carry RFC 6749 §5.2's codes and statuses; only the throttle's 429 has a Retry-After. */
class OAuthExceptionTest {

    @Test
    void eachErrorHasItsRfc6749CodeAndStatus() {
        assertError(OAuthException.invalidRequest("x"), 400, "invalid_request");
        assertError(OAuthException.invalidClient("x"), 401, "invalid_client");
        assertError(OAuthException.unsupportedGrantType("x"), 400, "unsupported_grant_type");
        assertError(OAuthException.invalidScope("x"), 400, "invalid_scope");
        assertError(OAuthException.unauthorizedClient("x"), 400, "unauthorized_client");
    }

    @Test
    void aThrottledClientGets429WithWhenToRetry() {
        OAuthException throttled = OAuthException.throttled(Duration.ofSeconds(42));

        assertEquals(429, throttled.status());
        assertEquals("invalid_client", throttled.error());
        assertEquals(Duration.ofSeconds(42), throttled.retryAfter());
        assertEquals("Too many failed authentication attempts; retry after 42 s", throttled.getMessage());
    }

    private static void assertError(OAuthException e, int status, String error) {
        assertEquals(status, e.status());
        assertEquals(error, e.error());
        assertEquals("x", e.getMessage());
        assertNull(e.retryAfter());
    }
}
