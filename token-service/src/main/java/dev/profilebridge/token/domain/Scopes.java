package dev.profilebridge.token.domain;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** OAuth 2.0 scope strings: space-delimited, order-insensitive (RFC 6749 §3.3). */
public final class Scopes {

    public static final String PROFILES_WRITE = "profiles:write";
    public static final String DLQ_OPERATE = "dlq:operate";
    public static final String CLIENTS_ADMIN = "clients:admin";

    private Scopes() {
    }

    public static Set<String> parse(String scope) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
    }

    /** A canonical form (sorted), so that equal sets give equal strings. */
    public static String format(Set<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }
}
