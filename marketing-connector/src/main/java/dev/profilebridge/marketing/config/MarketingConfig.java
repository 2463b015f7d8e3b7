package dev.profilebridge.marketing.config;

import java.util.Map;
import java.util.Optional;

import dev.profilebridge.connector.sap.SapConnection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where SAP Marketing Cloud is, how to log in ({@link SapConnection}: {@code marketing.service-url},
 * {@code marketing.auth}, …), and how CDC data maps onto contacts.
 */
@ConfigMapping(prefix = "marketing")
public interface MarketingConfig extends SapConnection {

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

    /** {@code Sap-Cuan-SourceSystemType} of every contact write: the kind of system the data comes from. */
    @WithDefault("EXT")
    String sourceSystemType();

    /** {@code Sap-Cuan-SourceSystemId} of every contact write: which system of that type (here, the CDC site). */
    @WithDefault("SAP_CDC")
    String sourceSystemId();

    /**
     * {@code Sap-Cuan-SequenceId} of every contact write: {@code UpdatePatch} makes a PUT change only the properties
     * it carries (docs/sap-conformance.md, row MKT-H3).
     */
    @WithDefault("UpdatePatch")
    String sequenceId();
}
