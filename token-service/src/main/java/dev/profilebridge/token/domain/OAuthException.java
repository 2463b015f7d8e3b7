package dev.profilebridge.token.domain;

import java.time.Duration;

/**
 * An error of the token endpoint, answered as RFC 6749 §5.2 prescribes: {@code {"error", "error_description"}}.
 * {@link #retryAfter()} is set when the answer is a 429.
 */
public class OAuthException extends RuntimeException {

    private final int status;
    private final String error;
    private final Duration retryAfter;

    private OAuthException(int status, String error, String description, Duration retryAfter) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(400, "invalid_request", description, null);
    }

    public static OAuthException invalidClient(String description) {
        return new OAuthException(401, "invalid_client", description, null);
    }

    public static OAuthException unsupportedGrantType(String description) {
        return new OAuthException(400, "unsupported_grant_type", description, null);
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException(400, "invalid_scope", description, null);
    }

    public static OAuthException unauthorizedClient(String description) {
        return new OAuthException(400, "unauthorized_client", description, null);
    }

    /** Too many failed authentications: refused without checking the secret until the window passes. */
    public static OAuthException throttled(Duration retryAfter) {
        return new OAuthException(429, "invalid_client",
                "Too many failed authentication attempts; retry after " + retryAfter.toSeconds() + " s", retryAfter);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
