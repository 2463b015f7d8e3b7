package dev.profilebridge.token.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.profilebridge.token.domain.OAuthException;

class TokenRequestParserTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String BASIC = basic("cdc", "s3cret");

    @Test
    void basicCredentialsWithFormGrant() {
        TokenRequest request = parse(BASIC, FORM, Map.of(), "grant_type=client_credentials&scope=profiles%3Awrite");
        assertEquals("cdc", request.credentials().clientId());
        assertEquals("s3cret", request.credentials().secret());
        assertEquals(Set.of("profiles:write"), request.scopes());
    }

    @Test
    void aClientIdOrSecretLongerThanAnyIssuedIsRefusedAsAWrongPair() {
        OAuthException longId = assertThrows(OAuthException.class,
                () -> parse(basic("c".repeat(101), "s3cret"), FORM, Map.of(), "grant_type=client_credentials"));
        assertEquals("invalid_client", longId.error());
        assertEquals("Unknown client or wrong secret", longId.getMessage());
        OAuthException longSecret = assertThrows(OAuthException.class,
                () -> parse(basic("cdc", "s".repeat(513)), FORM, Map.of(), "grant_type=client_credentials"));
        assertEquals("invalid_client", longSecret.error());
        assertEquals(100, parse(basic("c".repeat(100), "s3cret"), FORM, Map.of(), "grant_type=client_credentials")
                .credentials().clientId().length(), "the longest id token-service registers still passes");
    }

    @Test
    void aClientIdWithAControlCharacterIsRefusedAsAWrongPairBeforeAnyLookup() {
        // PostgreSQL cannot compare a string holding NUL: the lookup failed with a 500 (found by the fuzz suite).
        for (String id : List.of("cdc%00", "c%00dc", "cdc%0A", "%7F")) {
            OAuthException e = assertThrows(OAuthException.class,
                    () -> parse(basic(id, "s3cret"), FORM, Map.of(), "grant_type=client_credentials"), id);
            assertEquals("invalid_client", e.error(), id);
            assertEquals("Unknown client or wrong secret", e.getMessage(), id);
        }
        OAuthException form = assertThrows(OAuthException.class, () -> parse(null, FORM, Map.of(),
                "grant_type=client_credentials&client_id=cdc%00&client_secret=s3cret"));
        assertEquals("invalid_client", form.error());
    }

    @Test
    void formCredentialsAreReadPercentDecoded() {
        TokenRequest request = parse(null, FORM, Map.of(),
                "grant_type=client_credentials&client_id=cdc&client_secret=a%2Bb%3Dc");
        assertEquals("cdc", request.credentials().clientId());
        assertEquals("a+b=c", request.credentials().secret());
    }

    @Test
    void grantTypeInTheQueryStringAsCpiSendsIt() {
        TokenRequest request = parse(BASIC, null, Map.of("grant_type", List.of("client_credentials")), "");
        assertEquals("cdc", request.credentials().clientId());
    }

    @Test
    void basicWithAJsonRecordAndNoGrantTypeIsTheCdcTokenStep() {
        TokenRequest request = parse(BASIC, "application/json", Map.of(), "{\"UID\":\"u1\",\"profile\":{}}");
        assertEquals("cdc", request.credentials().clientId());
        assertEquals(Set.of(), request.scopes());
    }

    @Test
    void basicCredentialsAreFormDecoded() {
        TokenRequest request = parse(basic("my%20client", "p%3Ass"), FORM, Map.of(), "grant_type=client_credentials");
        assertEquals("my client", request.credentials().clientId());
        assertEquals("p:ss", request.credentials().secret());
    }

    @Test
    void errors() {
        assertError("invalid_request", BASIC, FORM, Map.of(), "");
        assertError("invalid_request", BASIC, null, Map.of(), "");
        assertError("invalid_request", "Basic !!!not-base64", FORM, Map.of(), "grant_type=client_credentials");
        assertError("invalid_request", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()), FORM,
                Map.of(), "grant_type=client_credentials");
        assertError("invalid_request", BASIC, FORM, Map.of(),
                "grant_type=client_credentials&client_id=cdc&client_secret=s3cret");
        assertError("invalid_request", BASIC, FORM, Map.of(), "grant_type=client_credentials&scope=a&scope=b");
        assertError("invalid_request", BASIC, FORM, Map.of("grant_type", List.of("password")),
                "grant_type=client_credentials");
        assertError("unsupported_grant_type", BASIC, FORM, Map.of(), "grant_type=password");
        assertError("unsupported_grant_type", BASIC, FORM, Map.of(), "grant_type=authorization_code");
        assertError("invalid_client", "Bearer abc", FORM, Map.of(), "grant_type=client_credentials");
        assertError("invalid_client", null, FORM, Map.of(), "grant_type=client_credentials");
        assertError("invalid_client", null, FORM, Map.of(), "grant_type=client_credentials&client_id=cdc");
    }

    private static void assertError(String error, String authorization, String contentType,
            Map<String, List<String>> query, String body) {
        OAuthException e = assertThrows(OAuthException.class, () -> parse(authorization, contentType, query, body));
        assertEquals(error, e.error(), e.getMessage());
    }

    private static TokenRequest parse(String authorization, String contentType, Map<String, List<String>> query,
            String body) {
        return TokenRequestParser.parse(authorization, contentType, query, body.getBytes(StandardCharsets.UTF_8));
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
