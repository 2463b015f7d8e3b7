package dev.profilebridge.service.config;

import java.util.List;

import dev.profilebridge.connector.sap.SapConnection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where SAP Service Cloud (C4C) is, how to log in ({@link SapConnection}: {@code c4c.service-url}, {@code c4c.auth},
 * …), and how CDC data maps onto individual customers.
 */
@ConfigMapping(prefix = "c4c")
public interface C4cConfig extends SapConnection {

    /** {@code ExternalSystem} of every customer: the system the {@code ExternalID} (the CDC UID) comes from. */
    @WithDefault("CDC")
    String externalSystem();

    /** C4C requires a last name; a profile without one gets this. */
    @WithDefault("Unknown")
    String lastNameFallback();

    /**
     * CDC consent statement ids that decide the customer's {@code ContactPermissionCode}: of those present in a
     * profile, the most recently changed one gives 1 (granted) or 2 (not granted).
     */
    @WithDefault("marketing.email")
    List<String> permissionConsents();

    /** How many UIDs one lookup by ExternalID asks for (one GET with {@code or}-joined filters). */
    @WithDefault("20")
    int lookupChunk();

    /**
     * How many UIDs one lookup ahead of delivery finds: one {@code $batch} of GET parts of {@code lookup-chunk} UIDs
     * each, for the upcoming batches whose UIDs the delivery state does not know; 0 turns the look-ahead off (each
     * batch then looks its UIDs up itself, in its own request slot). The default serves two rounds of batches at
     * C = 4, B = 10.
     */
    @WithDefault("80")
    int lookahead();
}
