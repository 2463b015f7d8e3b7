package dev.profilebridge.console.session;

import jakarta.ws.rs.core.NewCookie;

/**
 * The one thing the console keeps in the browser: the operator's token from token-service, in a cookie that scripts
 * cannot read (HttpOnly), that no other site's page sends along (SameSite=Strict), that goes over https only when the
 * console is served over https (Secure), and that the browser drops when the token expires (Max-Age). The console
 * keeps no session of its own, so any replica serves any request.
 */
public final class TokenCookie {

    public static final String NAME = "pb_console_token";

    private TokenCookie() {
    }

    /** The cookie that holds a token valid for {@code expiresInSeconds}. */
    public static NewCookie holding(String token, long expiresInSeconds, boolean secure) {
        return builder(secure).value(token).maxAge((int) Math.max(1, Math.min(Integer.MAX_VALUE, expiresInSeconds))).build();
    }

    /** The cookie that makes the browser forget the token (signing out, or a token the services refused). */
    public static NewCookie cleared(boolean secure) {
        return builder(secure).value("").maxAge(0).build();
    }

    private static NewCookie.AbstractNewCookieBuilder<?> builder(boolean secure) {
        return new NewCookie.Builder(NAME).path("/").httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.STRICT);
    }
}
