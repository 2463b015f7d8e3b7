package dev.profilebridge.localstack;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A real SAP tenant the local stack points a connector at instead of starting that sandbox. The URL comes from an
 * option or the connector's own {@code _URL} variable; the credentials only from the connector's variables, which
 * the connector's process inherits, so they never appear on a command line or in the stack's output.
 */
record SapTenant(SapSandbox replaces, String url) {

    /**
     * The tenant for this sandbox, checked: an absolute http(s) URL, and the credentials its authentication needs
     * present in {@code env}. Null when neither the option nor the variable names one.
     */
    static SapTenant of(SapSandbox sandbox, String optionUrl, Map<String, String> env) {
        String url = optionUrl != null ? optionUrl : env.get(sandbox.variable("URL"));
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri = URI.create(url);
        if (!uri.isAbsolute() || !List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(sandbox.tenantUrlOption + " (or " + sandbox.variable("URL")
                    + ") takes the service root's http(s) URL, was " + url);
        }
        List<String> missing = requiredCredentials(sandbox, env).stream()
                .filter(variable -> env.get(variable) == null || env.get(variable).isBlank()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("a real " + sandbox.connector.module() + " target needs " + String.join(
                    ", ", missing) + " in the environment (credentials are never taken as options)");
        }
        return new SapTenant(sandbox, url);
    }

    /** Basic: the communication user and password; {@code _AUTH=oauth2}: the token endpoint and the client. */
    private static List<String> requiredCredentials(SapSandbox sandbox, Map<String, String> env) {
        if ("oauth2".equalsIgnoreCase(env.get(sandbox.variable("AUTH")))) {
            return List.of(sandbox.variable("OAUTH_SERVER"), sandbox.variable("OAUTH_CLIENT_ID"),
                    sandbox.variable("OAUTH_CLIENT_SECRET"));
        }
        return List.of(sandbox.variable("USER"), sandbox.variable("PASSWORD"));
    }
}
