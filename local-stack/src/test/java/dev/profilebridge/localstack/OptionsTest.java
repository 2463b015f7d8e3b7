package dev.profilebridge.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.profilebridge.stack.ProfileBridgeService;
import dev.profilebridge.stack.StackWiring;

/** Pointing the local stack at a real SAP tenant instead of a sandbox. */
class OptionsTest {

    private static final String MKT = "https://my300000-api.s4hana.ondemand.com/sap/opu/odata/sap/API_MKT_CONTACT_SRV;v=0004";
    private static final String C4C = "https://my000000.crm.ondemand.com/sap/c4c/odata/v1/c4codataapi";

    @Test
    void withoutATenantBothSandboxesRun() {
        Options options = Options.parse(new String[] {"demo"}, Map.of());
        assertTrue(options.tenants().isEmpty());
        assertEquals(3000, options.demoAccounts());
    }

    @Test
    void aTenantUrlFromTheOptionOrTheVariableReplacesThatSandboxOnly() {
        Options byOption = Options.parse(new String[] {"--marketing-url", MKT},
                Map.of("PB_MARKETING_USER", "COMM_USER", "PB_MARKETING_PASSWORD", "x"));
        assertEquals(MKT, byOption.tenants().get(ProfileBridgeService.MARKETING_CONNECTOR).url());
        assertFalse(byOption.tenants().containsKey(ProfileBridgeService.SERVICE_CONNECTOR));

        Options byVariable = Options.parse(new String[0], Map.of("PB_C4C_URL", C4C, "PB_C4C_AUTH", "oauth2",
                "PB_C4C_OAUTH_SERVER", "https://my000000.crm.ondemand.com", "PB_C4C_OAUTH_CLIENT_ID", "pb",
                "PB_C4C_OAUTH_CLIENT_SECRET", "s"));
        assertEquals(C4C, byVariable.tenants().get(ProfileBridgeService.SERVICE_CONNECTOR).url());
        assertNull(byVariable.tenants().get(ProfileBridgeService.MARKETING_CONNECTOR));
    }

    @Test
    void missingCredentialsAreNamedAndNeverTakenAsOptions() {
        IllegalArgumentException basic = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--c4c-url", C4C}, Map.of("PB_C4C_USER", "COMM_USER")));
        assertTrue(basic.getMessage().contains("PB_C4C_PASSWORD"), basic.getMessage());
        IllegalArgumentException oauth = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--marketing-url", MKT}, Map.of("PB_MARKETING_AUTH", "oauth2")));
        assertTrue(oauth.getMessage().contains("PB_MARKETING_OAUTH_CLIENT_SECRET"), oauth.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--marketing-password", "secret"}, Map.of()));
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--c4c-url", "my000000.crm.ondemand.com"}, Map.of()));
        assertTrue(relative.getMessage().contains("--c4c-url"), relative.getMessage());
    }

    @Test
    void theDemoAgainstATenantAsksHowManyContactsToWrite() {
        Map<String, String> env = Map.of("PB_MARKETING_URL", MKT, "PB_MARKETING_USER", "U", "PB_MARKETING_PASSWORD", "p");
        IllegalArgumentException unbounded = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"demo"}, env));
        assertTrue(unbounded.getMessage().contains("--accounts"), unbounded.getMessage());
        assertEquals(5, Options.parse(new String[] {"demo", "--accounts", "5"}, env).demoAccounts());
    }

    @Test
    void theConnectorOfATenantInheritsItsCredentialsAndIsGivenOnlyTheUrl() {
        StackWiring wiring = new StackWiring("127.0.0.1:9092", new StackWiring.Database("127.0.0.1", 5432, "db", "u", "p"),
                Map.of(ProfileBridgeService.MARKETING_CONNECTOR, 8082), "kek", "admin", "secret",
                Map.of(ProfileBridgeService.MARKETING_CONNECTOR, StackWiring.SapTarget.withInheritedCredentials(MKT)));
        Map<String, String> env = wiring.environment(ProfileBridgeService.MARKETING_CONNECTOR);
        assertEquals(MKT, env.get("PB_MARKETING_URL"));
        assertFalse(env.containsKey("PB_MARKETING_USER"));
        assertFalse(env.containsKey("PB_MARKETING_PASSWORD"));
    }
}
