package dev.profilebridge.localstack;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.profilebridge.stack.ProfileBridgeService;
import dev.profilebridge.stack.StackWiring;

/** The run command's arguments, and the environment variables that can stand for some of them. */
record Options(boolean demo, Path data, boolean wipe, String externalKafka, StackWiring.Database externalPostgres,
        Map<String, Integer> ports, int demoAccounts, Map<ProfileBridgeService, SapTenant> tenants) {

    static final String KAFKA = "kafka";
    static final String POSTGRES = "postgres";
    private static final int DEFAULT_DEMO_ACCOUNTS = 3000;

    static final String USAGE = """
            usage: ./run [demo] [options]
              demo                      after start-up, play a CDC dataflow through the stack and print what arrived
              --accounts N              how many accounts the demo sends (default 3000)
              --data DIR                where the embedded Kafka and PostgreSQL keep their data (default .profile-bridge)
              --wipe                    delete that folder first
              --kafka HOST:PORT         use this Kafka instead of the embedded one (or PB_KAFKA_BOOTSTRAP_SERVERS)
              --postgres HOST:PORT/DB   use this PostgreSQL instead of the embedded one (or PB_DB_HOST, PB_DB_PORT,
                                        PB_DB_NAME), with PB_DB_USER and PB_DB_PASSWORD (default profilebridge)
              --<component>-port N      another port for a component of the table, e.g. --token-service-port 18081
              --marketing-url URL       deliver to this SAP Marketing Cloud service root instead of the sandbox (or
                                        PB_MARKETING_URL), with PB_MARKETING_USER and PB_MARKETING_PASSWORD, or
                                        PB_MARKETING_AUTH=oauth2 and PB_MARKETING_OAUTH_SERVER, _CLIENT_ID, _CLIENT_SECRET
              --c4c-url URL             the same for SAP Service Cloud (C4C), with the PB_C4C_* variables
            With a real tenant, demo writes made-up contacts into it: it then needs --accounts N to say how many.
            """;

    static Options parse(String[] args, Map<String, String> env) {
        Map<String, Integer> ports = defaultPorts();
        boolean demo = false;
        Path data = Path.of(".profile-bridge");
        boolean wipe = false;
        String kafka = env.get("PB_KAFKA_BOOTSTRAP_SERVERS");
        String postgres = env.containsKey("PB_DB_HOST") ? env.get("PB_DB_HOST") + ":" + env.getOrDefault("PB_DB_PORT", "5432")
                + "/" + env.getOrDefault("PB_DB_NAME", "profilebridge") : null;
        Integer accounts = null;
        Map<ProfileBridgeService, String> tenantUrls = new EnumMap<>(ProfileBridgeService.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help")) {
                throw new IllegalArgumentException("The whole suite on this machine.");
            } else if (arg.equals("demo")) {
                demo = true;
            } else if (arg.equals("--wipe")) {
                wipe = true;
            } else if (i + 1 >= args.length || !arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + arg);
            } else {
                String value = args[++i];
                String portOf = arg.endsWith("-port") ? arg.substring(2, arg.length() - "-port".length()) : null;
                switch (arg) {
                    case "--accounts" -> accounts = Integer.parseInt(value);
                    case "--data" -> data = Path.of(value);
                    case "--kafka" -> kafka = value;
                    case "--postgres" -> postgres = value;
                    default -> {
                        ProfileBridgeService replaced = connectorOfTenantOption(arg);
                        if (replaced != null) {
                            tenantUrls.put(replaced, value);
                        } else if (portOf == null || !ports.containsKey(portOf)) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        } else {
                            ports.put(portOf, Integer.parseInt(value));
                        }
                    }
                }
            }
        }
        Map<ProfileBridgeService, SapTenant> tenants = new EnumMap<>(ProfileBridgeService.class);
        for (ProfileBridgeService connector : ProfileBridgeService.connectors()) {
            SapTenant tenant = SapTenant.of(connector, tenantUrls.get(connector), env);
            if (tenant != null) {
                tenants.put(connector, tenant);
            }
        }
        if (demo && !tenants.isEmpty() && accounts == null) {
            throw new IllegalArgumentException("demo with a real SAP tenant writes made-up contacts into it: pass "
                    + "--accounts N to say how many (a handful is enough to see them arrive)");
        }
        return new Options(demo, data, wipe, kafka, postgres == null ? null : database(postgres, env), ports,
                accounts == null ? DEFAULT_DEMO_ACCOUNTS : accounts, tenants);
    }

    /** The connector whose sandbox {@code option} ({@code --marketing-url}, …) replaces with a real tenant, or null. */
    private static ProfileBridgeService connectorOfTenantOption(String option) {
        return ProfileBridgeService.connectors().stream()
                .filter(connector -> connector.sandbox().tenantUrlOption().equals(option)).findFirst().orElse(null);
    }

    /** The components of the table that listen on a port, with the ports of the README. */
    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(KAFKA, 9092);
        ports.put(POSTGRES, 5432);
        for (ProfileBridgeService connector : ProfileBridgeService.connectors()) {
            ports.put(connector.sandbox().component(), connector.sandbox().defaultPort());
        }
        for (ProfileBridgeService service : ProfileBridgeService.values()) {
            ports.put(service.module(), service.defaultPort());
        }
        return ports;
    }

    private static StackWiring.Database database(String hostPortName, Map<String, String> env) {
        int colon = hostPortName.indexOf(':');
        int slash = hostPortName.indexOf('/');
        if (colon < 0 || slash < colon) {
            throw new IllegalArgumentException("--postgres takes HOST:PORT/DB, was " + hostPortName);
        }
        return new StackWiring.Database(hostPortName.substring(0, colon),
                Integer.parseInt(hostPortName.substring(colon + 1, slash)), hostPortName.substring(slash + 1),
                env.getOrDefault("PB_DB_USER", "profilebridge"), env.getOrDefault("PB_DB_PASSWORD", "profilebridge"));
    }
}
