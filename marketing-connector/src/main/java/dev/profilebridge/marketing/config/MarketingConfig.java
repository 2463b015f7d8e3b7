package dev.profilebridge.marketing.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where SAP Marketing Cloud is, how to log in, and how CDC data maps onto contacts. */
@ConfigMapping(prefix = "marketing")
public interface MarketingConfig {

    /** The contact API's service root, …/sap/opu/odata/sap/API_MKT_CONTACT_SRV;v=0004 */
    String serviceUrl();

    /** {@code basic} (communication user and password) or {@code oauth2} (client credentials, quarkus-oidc-client "marketing"). */
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

    enum Auth {
        BASIC,
        OAUTH2
    }

    @WithDefault("30s")
    Duration timeout();

    /** ContactOrigin of every contact (at most 20 characters). */
    @WithDefault("GIGYA")
    String contactOrigin();

    /** ContactPermissionOrigin: the kind of the permission ID, here the e-mail address. */
    @WithDefault("EMAIL")
    String permissionOrigin();

    /** MarketingArea of permissions and subscriptions; none by default. */
    Optional<String> marketingArea();

    /** CDC consent statement id → communication medium of the marketing permission it gives. */
    Map<String, String> consents();

    /** CDC subscription id → subscription topic (communication category). */
    Map<String, String> subscriptions();
}
