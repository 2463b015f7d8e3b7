package dev.profilebridge.stack;

/**
 * How a stack runs the SAP sandbox a connector writes to, as its own process, when no real tenant is given.
 *
 * @param component the sandbox's name in the stack (its log file, its {@code --<component>-port} option)
 * @param tenantUrlOption the local stack's option that names a real tenant's service root instead
 * @param defaultPort the port of the README's table
 * @param mainClass the sandbox's standalone main in {@code sap-sandboxes}
 * @param servicePath the OData service root below the sandbox's address
 * @param storedCountField the field of {@code /sandbox/stats} that counts what the sandbox holds
 */
public record SapSandboxProcess(String component, String tenantUrlOption, int defaultPort, String mainClass,
        String servicePath, String storedCountField) {
}
