package dev.profilebridge.token.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.profilebridge.token.domain.ClientCredentials;
import dev.profilebridge.token.domain.OAuthException;
import dev.profilebridge.token.domain.Scopes;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Reads a token request the way the three callers we serve send it: an OAuth client with a form body
 * (RFC 6749 §4.4), a CPI-style call with {@code ?grant_type=client_credentials} and HTTP Basic, and the CDC
 * {@code datasource.write.external.generic} step, which sends Basic credentials with the record itself as a JSON
 * body and no grant type at all.
 */
public final class TokenRequestParser {

    static final String CLIENT_CREDENTIALS = "client_credentials";
    /** Longer than any client id token-service registers (100) or secret it issues: refused before any work. */
    static final int MAX_CLIENT_ID = 100;
    static final int MAX_SECRET = 512;

    private TokenRequestParser() {
    }

    public static TokenRequest parse(String authorization, String contentType, Map<String, List<String>> query,
            byte[] body) {
        Map<String, List<String>> form = isForm(contentType) ? decodeForm(body) : Map.of();
        String grantType = single("grant_type", query, form);
        ClientCredentials credentials = credentials(authorization, form);
        if (grantType == null) {
            if (authorization == null || !isJson(contentType, body)) {
                throw OAuthException.invalidRequest("grant_type is required");
            }
            grantType = CLIENT_CREDENTIALS; // the CDC token step: Basic credentials and a JSON record as the body
        }
        if (!CLIENT_CREDENTIALS.equals(grantType)) {
            throw OAuthException.unsupportedGrantType("Only the client_credentials grant is supported");
        }
        if (credentials.clientId().length() > MAX_CLIENT_ID || credentials.secret().length() > MAX_SECRET
                || credentials.clientId().chars().anyMatch(Character::isISOControl)) {
            // The same answer as any other wrong pair: no hash is spent, nothing of it is kept. No registered id has
            // a control character, and PostgreSQL cannot even compare one holding NUL (the lookup would fail).
            throw OAuthException.invalidClient("Unknown client or wrong secret");
        }
        return new TokenRequest(credentials, Scopes.parse(single("scope", query, form)));
    }

    private static ClientCredentials credentials(String authorization, Map<String, List<String>> form) {
        String formId = single("client_id", form, Map.of());
        String formSecret = single("client_secret", form, Map.of());
        if (authorization != null) {
            if (formSecret != null) {
                throw OAuthException.invalidRequest("Use one client authentication method, not both Basic and form");
            }
            ClientCredentials basic = basic(authorization);
            if (formId != null && !formId.equals(basic.clientId())) {
                throw OAuthException.invalidRequest("client_id does not match the Basic credentials");
            }
            return basic;
        }
        if (formId == null || formSecret == null) {
            throw OAuthException.invalidClient("Client authentication is required (HTTP Basic or client_id and "
                    + "client_secret form fields)");
        }
        return new ClientCredentials(formId, formSecret);
    }

    /** RFC 6749 §2.3.1: client id and secret are form-encoded, joined by a colon, then Base64-encoded. */
    private static ClientCredentials basic(String authorization) {
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        if (!"basic".equalsIgnoreCase(scheme)) {
            throw OAuthException.invalidClient("Unsupported client authentication scheme: use HTTP Basic");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(space + 1).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("Malformed Basic credentials: not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthException.invalidRequest("Malformed Basic credentials: expected client_id:client_secret");
        }
        try {
            return new ClientCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("Malformed Basic credentials: bad percent-encoding");
        }
    }

    /** A parameter that may come from either source but must appear at most once (RFC 6749 §3.2). */
    private static String single(String name, Map<String, List<String>> first, Map<String, List<String>> second) {
        List<String> a = first.getOrDefault(name, List.of());
        List<String> b = second.getOrDefault(name, List.of());
        if (a.size() + b.size() > 1 && !(a.size() == 1 && b.size() == 1 && a.get(0).equals(b.get(0)))) {
            throw OAuthException.invalidRequest("Parameter " + name + " must not be repeated");
        }
        String value = !a.isEmpty() ? a.get(0) : b.isEmpty() ? null : b.get(0);
        return value == null || value.isEmpty() ? null : value;
    }

    private static Map<String, List<String>> decodeForm(byte[] body) {
        try {
            return new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
                    .parameters();
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("Malformed form body");
        }
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isJson(String contentType, byte[] body) {
        if (contentType != null && contentType.toLowerCase().contains("json")) {
            return true;
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }
}
