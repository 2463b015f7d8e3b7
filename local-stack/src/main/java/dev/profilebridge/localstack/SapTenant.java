package dev.profilebridge.localstack;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.profilebridge.stack.ProfileBridgeService;

/**
 * A real SAP tenant the local stack points a connector at instead of starting that sandbox. The URL comes from an
 * option or the connector's own {@code _URL} variable; the credentials only from the connector's variables, which
 * the connector's process inherits, so they never appear on a command line or in the stack's output.
 */
record SapTenant(ProfileBridgeService replaces, String url) {

    /**
     * The tenant for this sandbox, checked: an absolute http(s) URL, and the credentials its authentication needs
     * present in {@code env}. Null when neither the option nor the variable names one.
     */
    static SapTenant of(ProfileBridgeService connector, String optionUrl, Map<String, String> env) {
        String url = optionUrl != null ? optionUrl : env.get(connector.targetVariable("URL"));
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri = URI.create(url);
        if (!uri.isAbsolute() || !List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(connector.sandbox().tenantUrlOption() + " (or " + connector.targetVariable("URL")
                    + ") takes the service root's http(s) URL, was " + url);
        }
        List<String> missing = requiredCredentials(connector, env).stream()
                .filter(variable -> env.get(variable) == null || env.get(variable).isBlank()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("a real " + connector.module() + " target needs " + String.join(
                    ", ", missing) + " in the environment (credentials are never taken as options)");
        }
        return new SapTenant(connector, url);
    }

    /** Basic: the communication user and password; {@code _AUTH=oauth2}: the token endpoint and the client. */
    private static List<String> requiredCredentials(ProfileBridgeService connector, Map<String, String> env) {
        if ("oauth2".equalsIgnoreCase(env.get(connector.targetVariable("AUTH")))) {
            return List.of(connector.targetVariable("OAUTH_SERVER"), connector.targetVariable("OAUTH_CLIENT_ID"),
                    connector.targetVariable("OAUTH_CLIENT_SECRET"));
        }
        return List.of(connector.targetVariable("USER"), connector.targetVariable("PASSWORD"));
    }
}
