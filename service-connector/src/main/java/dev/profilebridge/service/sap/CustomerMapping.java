package dev.profilebridge.service.sap;

import java.util.List;

/** How the mapper fills the fields C4C needs that CDC does not have. */
public record CustomerMapping(String externalSystem, String lastNameFallback, List<String> permissionConsents) {
}
