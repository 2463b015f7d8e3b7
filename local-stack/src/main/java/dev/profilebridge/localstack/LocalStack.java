package dev.profilebridge.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;
import dev.profilebridge.stack.infrastructure.LocalInfrastructure;
import dev.profilebridge.stack.cdc.CdcDataflowPlayer;
import dev.profilebridge.stack.JavaProcess;
import dev.profilebridge.stack.ProfileBridgeService;
import dev.profilebridge.stack.StackWiring;
import dev.profilebridge.stack.TokenServiceAdmin;

/**
 * The README's run command: starts Kafka, PostgreSQL, the SAP sandboxes and every service, each as its own process
 * on loopback, waits until all are ready and prints them as a table; with {@code demo}, plays a CDC dataflow through
 * them. Runs until Ctrl-C (or until a process it started dies), then stops every process it started.
 */
public final class LocalStack {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final String ADMIN_CLIENT = "local-admin";
    private static final String DEMO_CLIENT = "demo-cdc";
    private static final String OPERATOR_CLIENT = "operator";
    private static final String SANDBOX_USER = "LOCAL_STACK";

    private final Options options;
    private final Path logs;
    private final List<JavaProcess> started = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final String sandboxPassword = randomText();
    private StackWiring wiring;
    private volatile boolean stopping;

    private LocalStack(Options options) {
        this.options = options;
        this.logs = options.data().resolve("logs");
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
        try {
            stack.start();
            stack.printTable();
            TokenServiceAdmin admin = new TokenServiceAdmin(stack.wiring.url(ProfileBridgeService.TOKEN_SERVICE),
                    ADMIN_CLIENT, stack.wiring.adminClientSecret());
            String secret = admin.registerClient(DEMO_CLIENT, "profiles:write");
            System.out.printf("%nDemo CDC client (scope profiles:write), shown this once:%n  client id:     %s%n"
                    + "  client secret: %s%n", DEMO_CLIENT, secret);
            String operatorSecret = admin.registerClient(OPERATOR_CLIENT, "dlq:operate");
            System.out.printf("%nOperator client (scope dlq:operate) for ./ops and the console, shown this once:%n"
                    + "  export PB_OPS_CLIENT_ID=%s PB_OPS_CLIENT_SECRET=%s%n", OPERATOR_CLIENT,
                    operatorSecret);
            System.out.printf("%nOperations console: %s (sign in with the operator client above)%n",
                    stack.wiring.url(ProfileBridgeService.OPS_CONSOLE));
            if (options.demo()) {
                new Demo(new CdcDataflowPlayer(stack.wiring.url(ProfileBridgeService.TOKEN_SERVICE),
                        stack.wiring.url(ProfileBridgeService.INGEST_SERVICE), DEMO_CLIENT, secret, 50),
                        stack.wiring, stack.urls, options.tenants().keySet()).run(options.demoAccounts());
            }
            System.out.printf("%nLogs in %s. Ctrl-C stops everything.%n", stack.logs);
            String died = stack.awaitFirstExit();
            System.err.printf("local-stack: %s stopped unexpectedly; stopping the rest (see %s)%n", died,
                    stack.logs.resolve(died + ".log"));
            System.exit(1);
        } catch (Exception e) {
            if (!stack.stopping) {
                System.err.println("local-stack: " + e.getMessage());
                System.exit(1);
            }
        }
    }

    /** Kafka, PostgreSQL and the sandboxes all start at once; the services once those are ready. */
    private void start() throws IOException {
        prepareData();
        Map<String, Integer> ports = options.ports();
        List<String> embedded = new ArrayList<>();
        if (options.externalKafka() == null) {
            embedded.add(Options.KAFKA);
        }
        if (options.externalPostgres() == null) {
            embedded.add(Options.POSTGRES);
        }
        ProfileBridgeService.connectors().stream().filter(connector -> !options.tenants().containsKey(connector))
                .forEach(connector -> embedded.add(connector.sandbox().component()));
        Stream.of(ProfileBridgeService.values()).forEach(service -> embedded.add(service.module()));
        for (String component : embedded) {
            requireFreePort(component, ports.get(component));
        }
        System.out.println("Starting Kafka, PostgreSQL, the SAP sandboxes and the services; logs in " + logs);

        JavaProcess kafka = embedded.contains(Options.KAFKA) ? startInfrastructure(Options.KAFKA) : null;
        JavaProcess postgres = embedded.contains(Options.POSTGRES) ? startInfrastructure(Options.POSTGRES) : null;
        Map<ProfileBridgeService, JavaProcess> sandboxes = new EnumMap<>(ProfileBridgeService.class);
        for (ProfileBridgeService connector : ProfileBridgeService.connectors()) {
            if (!embedded.contains(connector.sandbox().component())) {
                continue;
            }
            sandboxes.put(connector, launch(JavaProcess.main(connector.sandbox().component(), connector.sandbox().mainClass(), List.of("--port",
                    Integer.toString(ports.get(connector.sandbox().component())), "--user", SANDBOX_USER, "--password", sandboxPassword,
                    "--latency-ms", "0"), logs.resolve(connector.sandbox().component() + ".log"))));
        }

        String kafkaServers = kafka == null ? options.externalKafka() : kafka.awaitLine("ready", START_TIMEOUT)
                .replaceFirst(".*kafka=(\\S+).*", "$1");
        urls.put(Options.KAFKA, kafkaServers);
        StackWiring.Database database = options.externalPostgres();
        if (postgres != null) {
            postgres.awaitLine("ready", START_TIMEOUT);
            database = new StackWiring.Database("127.0.0.1", ports.get(Options.POSTGRES), EmbeddedPostgresServer.DATABASE,
                    EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
        }
        urls.put(Options.POSTGRES, "postgresql://" + database.host() + ":" + database.port() + "/" + database.name());
        Map<ProfileBridgeService, StackWiring.SapTarget> targets = new EnumMap<>(ProfileBridgeService.class);
        for (ProfileBridgeService connector : ProfileBridgeService.connectors()) {
            SapTenant tenant = options.tenants().get(connector);
            if (tenant != null) {
                urls.put(connector.sandbox().component(), tenant.url());
                targets.put(connector, StackWiring.SapTarget.withInheritedCredentials(tenant.url()));
                continue;
            }
            sandboxes.get(connector).awaitLine("ready", START_TIMEOUT);
            String url = "http://127.0.0.1:" + ports.get(connector.sandbox().component()) + connector.sandbox().servicePath();
            urls.put(connector.sandbox().component(), url);
            targets.put(connector, new StackWiring.SapTarget(url, SANDBOX_USER, sandboxPassword));
        }
        startServices(kafkaServers, database, targets);
    }

    private void startServices(String kafkaServers, StackWiring.Database database,
            Map<ProfileBridgeService, StackWiring.SapTarget> targets) throws IOException {
        Map<ProfileBridgeService, Integer> servicePorts = new EnumMap<>(ProfileBridgeService.class);
        Stream.of(ProfileBridgeService.values()).forEach(service -> servicePorts.put(service, options.ports().get(service.module())));
        Properties secrets = secrets();
        wiring = new StackWiring(kafkaServers, database, servicePorts, secrets.getProperty("key-encryption-key"),
                ADMIN_CLIENT, secrets.getProperty("admin-client-secret"), targets);
        wiring.startServices(service -> {
            Path jar = service.jar(Path.of(""));
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build with ./run, which packages the services first");
            }
            return launch(JavaProcess.jar(service.module(), jar, wiring.environment(service),
                    logs.resolve(service.module() + ".log")));
        }, START_TIMEOUT);
        Stream.of(ProfileBridgeService.values()).forEach(service -> urls.put(service.module(), wiring.url(service)));
    }

    private JavaProcess startInfrastructure(String which) {
        Path data = options.data().resolve("data").toAbsolutePath();
        return launch(JavaProcess.main(which, LocalInfrastructure.class.getName(), List.of("--only", which, "--data",
                data.toString(), "--" + which + "-port", Integer.toString(options.ports().get(which))),
                logs.resolve(which + ".log")));
    }

    private JavaProcess launch(JavaProcess process) {
        started.add(process);
        return process;
    }

    private void printTable() {
        System.out.printf("%n%-22s %-70s %s%n", "COMPONENT", "URL", "STATE");
        urls.forEach((component, url) -> {
            String state;
            if (component.equals(Options.KAFKA) && options.externalKafka() != null
                    || component.equals(Options.POSTGRES) && options.externalPostgres() != null) {
                state = "external";
            } else if (options.tenants().values().stream().anyMatch(tenant -> tenant.replaces().sandbox().component().equals(component))) {
                state = "SAP tenant";
            } else if (Stream.of(ProfileBridgeService.values()).anyMatch(service -> service.module().equals(component))) {
                state = JavaProcess.answersOk(url + "/q/health/ready") ? "ready" : "NOT READY";
            } else {
                state = started.stream().anyMatch(p -> p.name().equals(component) && p.alive()) ? "ready" : "STOPPED";
            }
            System.out.printf("%-22s %-70s %s%n", component, url, state);
        });
    }

    /** Blocks until one of the started processes exits on its own (not by Ctrl-C), and names it. */
    private String awaitFirstExit() throws InterruptedException {
        while (true) {
            for (JavaProcess process : List.copyOf(started)) {
                if (!stopping && !process.alive()) {
                    return process.name();
                }
            }
            Thread.sleep(1000);
        }
    }

    /** The services first, then what they use, each given time to stop cleanly. */
    private void stop() {
        stopping = true;
        List<JavaProcess> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (JavaProcess process : reverse) {
            try {
                process.stop(STOP_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void prepareData() throws IOException {
        if (options.wipe() && Files.exists(options.data())) {
            try (Stream<Path> paths = Files.walk(options.data())) {
                paths.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(logs);
    }

    /**
     * The signing-key encryption key and the admin secret outlive a run, like the database that depends on them:
     * made once, kept next to the data (so {@code --wipe} renews them with it).
     */
    private Properties secrets() throws IOException {
        Path file = options.data().resolve("secrets.properties");
        Properties secrets = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                secrets.load(in);
            }
        } else {
            secrets.setProperty("key-encryption-key", Base64.getEncoder().encodeToString(randomBytes(32)));
            secrets.setProperty("admin-client-secret", randomText());
            try (OutputStream out = Files.newOutputStream(file)) {
                secrets.store(out, "Local stack only: made by ./run, deleted by ./run --wipe");
            }
        }
        return secrets;
    }

    private static void requireFreePort(String component, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new UncheckedIOException("port " + port + " for " + component + " is in use: stop what uses it, or pass --"
                    + component + "-port N", e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] random = new byte[count];
        new SecureRandom().nextBytes(random);
        return random;
    }

    /** A secret for Basic credentials: URL-safe, since OAuth clients form-encode them (RFC 6749 §2.3.1). */
    private static String randomText() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
    }
}
