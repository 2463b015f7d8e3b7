package dev.profilebridge.connector.sap;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Where an SAP OData service is and how to log in: the part of a connector's configuration every SAP target has.
 * A connector's own {@code @ConfigMapping} extends it, so its properties sit under the connector's prefix.
 */
public interface SapConnection {

    /** The OData service root, for example …/API_MKT_CONTACT_SRV;v=0004 or …/c4codataapi. */
    String serviceUrl();

    /** {@code basic} (communication user and password) or {@code oauth2} (client credentials, quarkus-oidc-client). */
    @WithDefault("basic")
    Auth auth();

    /** The communication user (Basic authentication). */
    @WithDefault("COMM_USER")
    String user();

    /** The communication user's password (Basic authentication). */
    Optional<String> password();

    /** With OAuth 2.0: fetch a new token this long before the current one expires. */
    @WithDefault("30s")
    Duration oauthRefreshBefore();

    /** How long one call to SAP may take. */
    @WithDefault("30s")
    Duration timeout();

    enum Auth {
        BASIC,
        OAUTH2
    }
}
