package dev.profilebridge.marketing.sap;

import java.util.Map;

/**
 * How CDC data lands in Marketing Cloud: the contact origin (ContactOrigin, for example GIGYA), the origin of the
 * permission IDs (EMAIL: the ID is the address), the marketing area, which CDC consent gives a permission on which
 * communication medium, which CDC subscription is which subscription topic (communication category), and the
 * source-system headers every write carries.
 */
public record ContactMapping(String contactOrigin, String permissionOrigin, String marketingArea,
        Map<String, String> consentMedia, Map<String, String> subscriptionTopics, ContactWriteHeaders headers) {
}
