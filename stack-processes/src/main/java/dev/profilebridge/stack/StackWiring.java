package dev.profilebridge.stack;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How the services of one stack find the infrastructure, each other and their SAP targets, on loopback: what each
 * service's process gets in its environment (the variables the README documents).
 */
public record StackWiring(String kafkaBootstrapServers, Database database, Map<ProfileBridgeService, Integer> ports,
        String keyEncryptionKey, String adminClientId, String adminClientSecret,
        Map<ProfileBridgeService, SapTarget> targets) {

    public record Database(String host, int port, String name, String user, String password) {
    }

    /**
     * A connector's SAP system: the service root and its communication user; without a user, the connector takes its
     * credentials from the environment it inherits (a real tenant's, which the wiring never handles).
     */
    public record SapTarget(String url, String user, String password) {

        public static SapTarget withInheritedCredentials(String url) {
            return new SapTarget(url, null, null);
        }
    }

    /** Starts every service with {@code start}, all at once, and waits until each one is ready. */
    public void startServices(Function<ProfileBridgeService, JavaProcess> start, Duration timeout) {
        Map<ProfileBridgeService, JavaProcess> started = new EnumMap<>(ProfileBridgeService.class);
        for (ProfileBridgeService service : ProfileBridgeService.values()) {
            started.put(service, start.apply(service));
        }
        started.forEach((service, process) -> process.awaitOk(url(service) + "/q/health/ready", timeout));
    }

    public String url(ProfileBridgeService service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    /** The variables that point a service at Kafka and PostgreSQL. */
    public static Map<String, String> infrastructure(String kafkaBootstrapServers, Database database) {
        return Map.of("PB_DB_HOST", database.host(), "PB_DB_PORT", Integer.toString(database.port()),
                "PB_DB_NAME", database.name(), "PB_DB_USER", database.user(), "PB_DB_PASSWORD", database.password(),
                "PB_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
    }

    public Map<String, String> environment(ProfileBridgeService service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)));
        env.putAll(infrastructure(kafkaBootstrapServers, database));
        // token-service signs with this issuer; ingest-service and the connectors' /ops API check it, fetch the
        // keys from the JWKS and the revoked tokens from the revocation document.
        env.put("PB_TOKEN_ISSUER", url(ProfileBridgeService.TOKEN_SERVICE));
        env.put("PB_TOKEN_JWKS_URL", url(ProfileBridgeService.TOKEN_SERVICE) + "/.well-known/jwks.json");
        env.put("PB_TOKEN_REVOCATIONS_URL", url(ProfileBridgeService.TOKEN_SERVICE) + "/oauth/revocations");
        if (service == ProfileBridgeService.TOKEN_SERVICE) {
            env.put("PB_TOKEN_KEY_ENCRYPTION_KEY", keyEncryptionKey);
            env.put("PB_BOOTSTRAP_ADMIN_CLIENT_ID", adminClientId);
            env.put("PB_BOOTSTRAP_ADMIN_CLIENT_SECRET", adminClientSecret);
        }
        if (service == ProfileBridgeService.OPS_CONSOLE) {
            env.put("PB_CONSOLE_TOKEN_URL", url(ProfileBridgeService.TOKEN_SERVICE) + "/oauth/token");
            env.put("PB_CONSOLE_INGEST_URL", url(ProfileBridgeService.INGEST_SERVICE));
            env.put("PB_CONSOLE_MARKETING_URL", url(ProfileBridgeService.MARKETING_CONNECTOR));
            env.put("PB_CONSOLE_SERVICE_URL", url(ProfileBridgeService.SERVICE_CONNECTOR));
        }
        if (service.isConnector()) {
            SapTarget target = targets.get(service);
            env.put(service.targetVariable("URL"), target.url());
            if (target.user() != null) {
                env.put(service.targetVariable("USER"), target.user());
                env.put(service.targetVariable("PASSWORD"), target.password());
            }
        }
        return env;
    }
}
