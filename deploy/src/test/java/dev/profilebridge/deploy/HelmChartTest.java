package dev.profilebridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart as Kubernetes would get it ({@code helm template}), checked against the services themselves: each
 * variable a Deployment sets is one its service reads, each one a service cannot start without is set, ports and
 * probes are the service's own, and the credentials come from the Secret that holds them.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm", "profile-bridge");
    private static final Path REPOSITORY = Path.of("..");
    private static final String KEY = "--set=secrets.tokenKeyEncryptionKey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(PB_[A-Z0-9_]+)(:?)");
    private static final Pattern HTTP_PORT = Pattern.compile("(?m)^quarkus\\.http\\.port=(\\d+)$");
    /**
     * Read by the JVM and by Quarkus itself, not through a service's properties. QUARKUS_SHUTDOWN_TIMEOUT is Quarkus'
     * own quarkus.shutdown.timeout, which no service sets: the chart sets it to fit the pods' grace period.
     */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("QUARKUS_HTTP_PORT", "JAVA_TOOL_OPTIONS",
            "QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "QUARKUS_SHUTDOWN_TIMEOUT");
    /** Every flag of the chart on at once: schema, templates and lint must take them together. */
    private static final List<String> EVERY_FLAG = List.of("--set=ingress.enabled=true",
            "--set=ingress.certManager.clusterIssuer=letsencrypt", "--set=ops.job.enabled=true",
            "--set=monitoring.serviceMonitor.enabled=true", "--set=monitoring.prometheusRule.enabled=true",
            "--set=monitoring.dashboards.enabled=true", "--set=tracing.otlpEndpoint=http://otel:4317",
            "--set=serviceConnector.auth=oauth2", "--set=serviceConnector.oauth.server=https://idp.example.com",
            "--set=networkPolicy.enabled=true", "--set=autoscaling.keda.enabled=true",
            "--set=kafka.strimzi.topics.enabled=true", "--set=opsConsole.enabled=true");
    /**
     * Read by ingest-service through its @ConfigMapping (Quarkus maps the variable to the property), not through a
     * PB_ variable of its properties: each with the method of IngestConfig that declares the property.
     */
    private static final Map<String, String> INGEST_MAPPED_VARIABLES = Map.of(
            "INGEST_TOPICS_PARTITIONS", "int partitions()",
            "INGEST_TOPICS_REPLICATION_FACTOR", "short replicationFactor()");
    private static final Path INGEST_CONFIG = REPOSITORY.resolve(
            "ingest-service/src/main/java/dev/profilebridge/ingest/config/IngestConfig.java");
    private static final Path CONNECTOR_CORE_CONFIG = REPOSITORY.resolve(
            "connector-core/src/main/resources/META-INF/microprofile-config.properties");
    private static final Map<String, String> CONNECTOR_TOPIC_VARIABLES = Map.of(
            "marketing-connector", "PB_TOPIC_MARKETING", "service-connector", "PB_TOPIC_SERVICE");
    private static final Path DASHBOARDS = CHART.resolve("dashboards");
    private static final Path RUNBOOK = REPOSITORY.resolve(Path.of("docs", "runbook.md"));
    private static final Pattern RUNBOOK_SECTION = Pattern.compile("(?m)^## (ProfileBridge\\w+)$");
    private static final List<String> SERVICES = List.of("token-service", "ingest-service", "marketing-connector",
            "service-connector");
    /** Where the variables every service reads are defined, besides its own application.properties. */
    private static final List<Path> SHARED_CONFIG = List.of(
            Path.of("service-commons", "src", "main", "resources", "META-INF", "microprofile-config.properties"),
            Path.of("connector-core", "src", "main", "resources", "META-INF", "microprofile-config.properties"),
            Path.of("token-check", "src", "main", "resources", "META-INF", "microprofile-config.properties"));

    @Test
    void theChartLintsAndRefusesToRenderWithoutTheKeyEncryptionKey() {
        Helm.Result lint = Helm.run("lint", CHART.toString(), KEY);
        assertEquals(0, lint.exitCode(), lint.output());
        Helm.Result withoutKey = Helm.run("template", "pb", CHART.toString());
        assertNotEquals(0, withoutKey.exitCode());
        assertTrue(withoutKey.output().contains("secrets.tokenKeyEncryptionKey is required"), withoutKey.output());
    }

    @Test
    void everyServiceRunsOnItsOwnPortWithQuarkusHealthProbesBehindAService() throws IOException {
        List<JsonNode> manifests = render();
        for (String service : SERVICES) {
            JsonNode container = container(manifests, service);
            int port = httpPort(service);
            assertEquals(port, container.at("/ports/0/containerPort").asInt(), service);
            assertEquals(String.valueOf(port), env(container).get("QUARKUS_HTTP_PORT").at("/value").asText(), service);
            assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText(), service);
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText(), service);
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText(), service);
            assertEquals("profile-bridge/" + service + ":0.1.0-SNAPSHOT", container.at("/image").asText());
            assertTrue(env(container).get("JAVA_TOOL_OPTIONS").at("/value").asText().contains("-XX:+ExitOnOutOfMemoryError"),
                    service + " exits on OutOfMemoryError");

            JsonNode kubernetesService = named(manifests, "Service", "pb-profile-bridge-" + service);
            assertEquals(port, kubernetesService.at("/spec/ports/0/port").asInt(), service);
            assertEquals("http", kubernetesService.at("/spec/ports/0/targetPort").asText(), service);
            assertEquals(deployment(manifests, service).at("/spec/selector/matchLabels"),
                    kubernetesService.at("/spec/selector"), service);
        }
    }

    @Test
    void everyVariableSetIsOneTheServiceReadsAndNoneItNeedsIsMissing() throws IOException {
        List<JsonNode> manifests = render();
        for (String service : SERVICES) {
            Map<String, Boolean> read = variablesRead(service);
            Set<String> set = env(container(manifests, service)).keySet();
            for (String name : set) {
                assertTrue(PLATFORM_VARIABLES.contains(name) || read.containsKey(name)
                        || service.equals("ingest-service") && INGEST_MAPPED_VARIABLES.containsKey(name),
                        service + " does not read " + name);
            }
            Set<String> needed = new HashSet<>(Set.of("PB_KAFKA_BOOTSTRAP_SERVERS", "PB_DB_HOST", "PB_DB_PORT",
                    "PB_DB_NAME", "PB_DB_USER", "PB_DB_PASSWORD"));
            read.forEach((name, hasDefault) -> {
                if (!hasDefault) {
                    needed.add(name);
                }
            });
            assertTrue(set.containsAll(needed), service + " lacks " + minus(needed, set));
        }
        String ingestConfig = Files.readString(INGEST_CONFIG);
        INGEST_MAPPED_VARIABLES.values().forEach(method -> assertTrue(ingestConfig.contains(method),
                "IngestConfig declares no " + method));
        Set<String> connectorTargets = Set.of("PB_MARKETING_URL", "PB_MARKETING_USER", "PB_MARKETING_PASSWORD");
        assertTrue(env(container(manifests, "marketing-connector")).keySet().containsAll(connectorTargets));
        assertTrue(env(container(manifests, "service-connector")).keySet()
                .containsAll(Set.of("PB_C4C_URL", "PB_C4C_USER", "PB_C4C_PASSWORD")));
    }

    @Test
    void ingestServiceTrustsWhatTokenServiceSignsAndFetchesItsKeysInTheCluster() throws IOException {
        List<JsonNode> manifests = render();
        Map<String, JsonNode> token = env(container(manifests, "token-service"));
        Map<String, JsonNode> ingest = env(container(manifests, "ingest-service"));
        assertEquals(token.get("PB_TOKEN_ISSUER").at("/value"), ingest.get("PB_TOKEN_ISSUER").at("/value"));
        assertEquals(token.get("PB_TOKEN_AUDIENCE").at("/value"), ingest.get("PB_TOKEN_AUDIENCE").at("/value"));
        assertEquals("http://pb-profile-bridge-token-service:" + httpPort("token-service") + "/.well-known/jwks.json",
                ingest.get("PB_TOKEN_JWKS_URL").at("/value").asText());
        assertEquals("http://pb-profile-bridge-token-service:" + httpPort("token-service") + "/oauth/revocations",
                ingest.get("PB_TOKEN_REVOCATIONS_URL").at("/value").asText());
        assertEquals("10s", ingest.get("PB_TOKEN_REVOCATIONS_POLL_INTERVAL").at("/value").asText());
        for (String connector : List.of("marketing-connector", "service-connector")) {
            assertEquals(ingest.get("PB_TOKEN_REVOCATIONS_URL"), env(container(manifests, connector))
                    .get("PB_TOKEN_REVOCATIONS_URL"), connector + "'s /ops API refuses revoked tokens too");
        }
        assertEquals("30s", env(container(render("--set=ingestService.revocation.pollInterval=30s"), "ingest-service"))
                .get("PB_TOKEN_REVOCATIONS_POLL_INTERVAL").at("/value").asText());
        assertEquals("https://login.example.com", env(container(render("--set=tokenService.issuer=https://login.example.com"),
                "ingest-service")).get("PB_TOKEN_ISSUER").at("/value").asText());
    }

    @Test
    void tokenServiceBelievesForwardedAddressesOnlyFromTheTrustedProxiesGiven() throws IOException {
        assertEquals("", env(container(render(), "token-service")).get("PB_TOKEN_TRUSTED_PROXIES").at("/value").asText());
        assertEquals("10.244.0.0/16,192.0.2.7", env(container(
                render("--set=tokenService.trustedProxies={10.244.0.0/16,192.0.2.7}"), "token-service"))
                .get("PB_TOKEN_TRUSTED_PROXIES").at("/value").asText());
    }

    @Test
    void theConnectorsCheckOperatorsTokensAsIngestServiceDoes() throws IOException {
        List<JsonNode> manifests = render();
        Map<String, JsonNode> ingest = env(container(manifests, "ingest-service"));
        for (String connector : List.of("marketing-connector", "service-connector")) {
            Map<String, JsonNode> env = env(container(manifests, connector));
            for (String name : List.of("PB_TOKEN_ISSUER", "PB_TOKEN_AUDIENCE", "PB_TOKEN_JWKS_URL")) {
                assertEquals(ingest.get(name).at("/value"), env.get(name).at("/value"), connector + " " + name);
            }
        }
    }

    @Test
    void theOperatorsJobRunsTheCommandAgainstThisReleasesServicesWithItsOwnClient() throws IOException {
        assertTrue(render().stream().noneMatch(manifest -> manifest.at("/kind").asText().equals("Job")), "off by default");
        List<JsonNode> manifests = render("--set=ops.job.enabled=true",
                "--set=ops.job.args={dlq,replay,-c,service,--dry-run}");
        JsonNode job = manifests.stream().filter(manifest -> manifest.at("/kind").asText().equals("Job")).findFirst()
                .orElseThrow();
        JsonNode container = job.at("/spec/template/spec/containers/0");
        assertEquals("profile-bridge/ops-cli:0.1.0-SNAPSHOT", container.at("/image").asText());
        assertEquals(List.of("dlq", "replay", "-c", "service", "--dry-run"),
                new YAMLMapper().convertValue(container.at("/args"), List.class));
        assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());
        Map<String, JsonNode> env = env(container);
        assertEquals("http://pb-profile-bridge-service-connector:" + httpPort("service-connector"),
                env.get("PB_OPS_SERVICE_URL").at("/value").asText());
        assertEquals("http://pb-profile-bridge-marketing-connector:" + httpPort("marketing-connector"),
                env.get("PB_OPS_MARKETING_URL").at("/value").asText());
        assertEquals("http://pb-profile-bridge-ingest-service:" + httpPort("ingest-service"),
                env.get("PB_OPS_INGEST_URL").at("/value").asText());
        assertEquals("http://pb-profile-bridge-token-service:" + httpPort("token-service") + "/oauth/token",
                env.get("PB_OPS_TOKEN_URL").at("/value").asText());
        assertEquals("ops-client-secret", env.get("PB_OPS_CLIENT_SECRET").at("/valueFrom/secretKeyRef/key").asText());
        Map<String, Boolean> read = variablesRead("ops-cli");
        env.keySet().forEach(name -> assertTrue(read.containsKey(name), "ops-cli does not read " + name));
    }

    @Test
    void credentialsComeFromTheChartsSecretOrTheOneNamed() throws IOException {
        List<JsonNode> manifests = render();
        JsonNode secret = named(manifests, "Secret", "pb-profile-bridge-credentials");
        for (String service : SERVICES) {
            for (JsonNode variable : env(container(manifests, service)).values()) {
                JsonNode reference = variable.at("/valueFrom/secretKeyRef");
                if (!reference.isMissingNode()) {
                    assertEquals("pb-profile-bridge-credentials", reference.at("/name").asText(), service);
                    assertTrue(secret.at("/stringData").has(reference.at("/key").asText()),
                            service + " reads " + reference.at("/key").asText());
                }
            }
        }
        assertEquals("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                secret.at("/stringData/token-key-encryption-key").asText());

        List<JsonNode> own = render("--set=secrets.existingSecret=acme-profile-bridge");
        assertTrue(own.stream().noneMatch(manifest -> manifest.at("/kind").asText().equals("Secret")));
        assertEquals("acme-profile-bridge", env(container(own, "token-service")).get("PB_TOKEN_KEY_ENCRYPTION_KEY")
                .at("/valueFrom/secretKeyRef/name").asText());
    }

    @Test
    void theIngressCarriesOnlyWhatTheCdcDataflowCalls() throws IOException {
        List<JsonNode> manifests = render("--set=ingress.enabled=true", "--set=ingress.host=pb.example.com");
        JsonNode ingress = named(manifests, "Ingress", "pb-profile-bridge");
        JsonNode rule = ingress.at("/spec/rules/0");
        assertEquals("pb.example.com", rule.at("/host").asText());
        Map<String, String> backends = new HashMap<>();
        rule.at("/http/paths").forEach(path -> backends.put(path.at("/path").asText(),
                path.at("/backend/service/name").asText()));
        assertEquals(Map.of("/oauth/token", "pb-profile-bridge-token-service",
                "/.well-known", "pb-profile-bridge-token-service",
                "/v1/profiles", "pb-profile-bridge-ingest-service"), backends);
        assertTrue(render().stream().noneMatch(manifest -> manifest.at("/kind").asText().equals("Ingress")));

        assertEquals("pb-profile-bridge-tls", ingress.at("/spec/tls/0/secretName").asText(), "TLS by default");
        assertEquals("pb.example.com", ingress.at("/spec/tls/0/hosts/0").asText());
        assertEquals("16m", ingress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-body-size").asText(),
                "ingest-service's 16M pass the controller");
        assertTrue(ingress.at("/metadata/annotations/cert-manager.io~1cluster-issuer").isMissingNode());
    }

    @Test
    void theIngressTakesItsCertificateFromCertManagerOrANamedSecretAndMayGoWithoutTls() throws IOException {
        JsonNode managed = named(render("--set=ingress.enabled=true", "--set=ingress.certManager.clusterIssuer=letsencrypt",
                "--set=ingress.maxBodySize=32m", "--set=ingress.annotations.team=crm"), "Ingress", "pb-profile-bridge");
        assertEquals("letsencrypt", managed.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText());
        assertEquals("32m", managed.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-body-size").asText());
        assertEquals("crm", managed.at("/metadata/annotations/team").asText());
        assertEquals("pb-profile-bridge-tls", managed.at("/spec/tls/0/secretName").asText());

        JsonNode own = named(render("--set=ingress.enabled=true", "--set=ingress.tls.secretName=acme-wildcard"),
                "Ingress", "pb-profile-bridge");
        assertEquals("acme-wildcard", own.at("/spec/tls/0/secretName").asText());
        JsonNode plain = named(render("--set=ingress.enabled=true", "--set=ingress.tls.enabled=false"),
                "Ingress", "pb-profile-bridge");
        assertTrue(plain.at("/spec/tls").isMissingNode());
    }

    @Test
    void everyPodIsHardenedAndStopsOnlyOnceItsRequestsAreDone() throws IOException {
        List<JsonNode> manifests = render("--set=ops.job.enabled=true");
        List<JsonNode> pods = new ArrayList<>();
        SERVICES.forEach(service -> pods.add(deployment(manifests, service).at("/spec/template/spec")));
        pods.add(ofKind(manifests, "Job").get(0).at("/spec/template/spec"));
        for (JsonNode pod : pods) {
            String name = pod.at("/containers/0/name").asText();
            assertFalse(pod.at("/automountServiceAccountToken").asBoolean(true), name);
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), name);
            assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText(), name);
            JsonNode container = pod.at("/containers/0");
            assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean(), name);
            assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), name);
            assertEquals("ALL", container.at("/securityContext/capabilities/drop/0").asText(), name);
            // java.io.tmpdir stays writable: hsperfdata, Vert.x's file cache, the Kafka client's native libraries.
            assertEquals("/tmp", container.at("/volumeMounts/0/mountPath").asText(), name);
            String volume = container.at("/volumeMounts/0/name").asText();
            assertTrue(pod.at("/volumes").findValues("name").stream().anyMatch(v -> v.asText().equals(volume))
                    && pod.at("/volumes/0/emptyDir").isObject(), name);
        }
        assertEquals(Optional.of("/deployments"), workingDirectoryOfTheImage(),
                "the image's working directory, read-only: the services write nothing there");

        for (String service : SERVICES) {
            JsonNode pod = deployment(manifests, service).at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertEquals(List.of("sleep", "10"), new YAMLMapper().convertValue(container.at("/lifecycle/preStop/exec/command"),
                    List.class), service);
            assertEquals("30s", env(container).get("QUARKUS_SHUTDOWN_TIMEOUT").at("/value").asText(), service);
            assertTrue(pod.at("/terminationGracePeriodSeconds").asInt() > 10 + 30, service);
        }
        List<JsonNode> quick = render("--set=pod.preStopSleepSeconds=5", "--set=pod.shutdownTimeoutSeconds=20",
                "--set=pod.terminationGracePeriodSeconds=30", "--set=pod.tmpSizeLimit=64Mi");
        JsonNode pod = deployment(quick, "ingest-service").at("/spec/template/spec");
        assertEquals(30, pod.at("/terminationGracePeriodSeconds").asInt());
        assertEquals("20s", env(pod.at("/containers/0")).get("QUARKUS_SHUTDOWN_TIMEOUT").at("/value").asText());
        assertEquals("5", pod.at("/containers/0/lifecycle/preStop/exec/command/1").asText());
        assertEquals("64Mi", pod.at("/volumes/0/emptyDir/sizeLimit").asText());

        Helm.Result tooShort = Helm.run("template", "pb", CHART.toString(), KEY, "--set=pod.terminationGracePeriodSeconds=40");
        assertNotEquals(0, tooShort.exitCode());
        assertTrue(tooShort.output().contains("pod.terminationGracePeriodSeconds (40) must exceed "
                + "pod.preStopSleepSeconds + pod.shutdownTimeoutSeconds (40)"), tooShort.output());
    }

    @Test
    void eachServiceHasADisruptionBudgetOverItsOwnPods() throws IOException {
        List<JsonNode> manifests = render();
        for (String service : SERVICES) {
            JsonNode budget = named(manifests, "PodDisruptionBudget", "pb-profile-bridge-" + service);
            assertEquals(1, budget.at("/spec/maxUnavailable").asInt(), service);
            assertEquals(deployment(manifests, service).at("/spec/selector/matchLabels"),
                    budget.at("/spec/selector/matchLabels"), service);
        }
        assertEquals(4, ofKind(manifests, "PodDisruptionBudget").size());
        List<JsonNode> share = render("--set=podDisruptionBudget.maxUnavailable=25%", "--set=serviceConnector.enabled=false");
        assertEquals(3, ofKind(share, "PodDisruptionBudget").size(), "none for a disabled service");
        assertEquals("25%", named(share, "PodDisruptionBudget", "pb-profile-bridge-token-service")
                .at("/spec/maxUnavailable").asText());
        assertTrue(ofKind(render("--set=podDisruptionBudget.enabled=false"), "PodDisruptionBudget").isEmpty());
    }

    @Test
    void theConsoleIsOffByDefaultAndOnReadsEveryVariableItGetsBehindAnIngressOfItsOwnOnlyWithTheIngress()
            throws IOException {
        assertTrue(render().stream().noneMatch(m -> m.at("/metadata/name").asText().contains("ops-console")),
                "nothing of the console by default");

        List<JsonNode> inside = render("--set=opsConsole.enabled=true");
        JsonNode container = container(inside, "ops-console");
        assertEquals(httpPort("ops-console"), container.at("/ports/0/containerPort").asInt());
        assertEquals("profile-bridge/ops-console:0.1.0-SNAPSHOT", container.at("/image").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        String consoleProperties = Files.readString(properties("ops-console"));
        Map<String, JsonNode> env = env(container);
        env.keySet().forEach(name -> assertTrue(PLATFORM_VARIABLES.contains(name)
                || consoleProperties.contains("${" + name + ":"), "ops-console does not read " + name));
        assertEquals("http://pb-profile-bridge-marketing-connector:8082", env.get("PB_CONSOLE_MARKETING_URL").at("/value").asText());
        assertEquals("http://pb-profile-bridge-token-service:8081/oauth/token", env.get("PB_CONSOLE_TOKEN_URL").at("/value").asText());
        assertEquals("false", env.get("PB_CONSOLE_BEHIND_PROXY").at("/value").asText());
        assertEquals(8084, named(inside, "Service", "pb-profile-bridge-ops-console").at("/spec/ports/0/port").asInt());
        assertTrue(ofKind(inside, "Ingress").isEmpty(), "no Ingress unless ingress.enabled");

        List<JsonNode> exposed = render("--set=opsConsole.enabled=true", "--set=ingress.enabled=true",
                "--set=opsConsole.host=ops.example.com");
        JsonNode ingress = named(exposed, "Ingress", "pb-profile-bridge-ops-console");
        assertEquals("ops.example.com", ingress.at("/spec/rules/0/host").asText());
        assertEquals("/", ingress.at("/spec/rules/0/http/paths/0/path").asText());
        assertEquals("pb-profile-bridge-ops-console", ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText());
        assertEquals("ops.example.com", ingress.at("/spec/tls/0/hosts/0").asText(), "HTTPS as the main Ingress");
        assertEquals("true", env(container(exposed, "ops-console")).get("PB_CONSOLE_BEHIND_PROXY").at("/value").asText(),
                "behind the controller, X-Forwarded-Proto makes the cookie Secure");
        JsonNode policy = named(render("--set=opsConsole.enabled=true", "--set=networkPolicy.enabled=true"),
                "NetworkPolicy", "pb-profile-bridge-ops-console").at("/spec");
        assertEquals(Set.of("monitoring", "ingress-nginx"), policy.at("/ingress").findValues("kubernetes.io/metadata.name")
                .stream().map(JsonNode::asText).collect(Collectors.toSet()), "reached by operators through the Ingress");
        assertEquals(2, policy.at("/egress").size(), "this namespace and DNS only: " + policy.at("/egress"));
        assertTrue(policy.at("/egress/1/ports").findValues("port").stream().allMatch(port -> port.asInt() == 53));
        JsonNode main = named(exposed, "Ingress", "pb-profile-bridge");
        main.at("/spec/rules/0/http/paths").forEach(path -> assertTrue(
                !path.at("/backend/service/name").asText().contains("ops-console"), "not on the CDC-facing host"));
    }

    @Test
    void theSchemaRefusesUnknownAndMistypedValuesNamingThem() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("--set=replicaz=2", "Additional property replicaz is not allowed");
        refused.put("--set=ingestService.topicz.marketing=x", "ingestService: Additional property topicz is not allowed");
        refused.put("--set=marketingConnector.maxInflight=4", "marketingConnector: Additional property maxInflight is not allowed");
        refused.put("--set=monitoring.prometheusRule.tresholds.consumerLag=5", "monitoring.prometheusRule: Additional property tresholds is not allowed");
        refused.put("--set-string=tokenService.replicas=two", "tokenService.replicas: Invalid type. Expected: integer, given: string");
        refused.put("--set=ingress.tls.enabled=yes", "ingress.tls.enabled: Invalid type. Expected: boolean, given: string");
        refused.put("--set=opsConsole.hots=ops.example.com", "opsConsole: Additional property hots is not allowed");
        refused.put("--set=serviceConnector.auth=saml", "serviceConnector.auth must be one of the following: \"basic\", \"oauth2\"");
        refused.put("--set=postgresql.port=70000", "postgresql.port: Must be less than or equal to 65535");
        refused.put("--set=monitoring.prometheusRule.thresholds.tokenFailureRatio=5",
                "monitoring.prometheusRule.thresholds.tokenFailureRatio: Must be less than or equal to 1");
        refused.forEach((setting, message) -> {
            // helm install validates values as template does (install itself needs a cluster, which the test has not).
            for (List<String> command : List.of(List.of("template", "pb"), List.of("lint"))) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of(CHART.toString(), KEY, setting));
                Helm.Result result = Helm.run(args.toArray(String[]::new));
                assertNotEquals(0, result.exitCode(), command + " " + setting);
                assertTrue(result.output().contains(message), command + " " + setting + ": " + result.output());
            }
        });
    }

    @Test
    void everyFlagOnAtOnceLintsAndRenders() throws IOException {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", CHART.toString(), KEY));
        args.addAll(EVERY_FLAG);
        Helm.Result lint = Helm.run(args.toArray(String[]::new));
        assertEquals(0, lint.exitCode(), lint.output());
        Set<String> kinds = render(EVERY_FLAG.toArray(String[]::new)).stream().map(m -> m.at("/kind").asText())
                .collect(Collectors.toSet());
        assertEquals(Set.of("Secret", "Service", "Deployment", "PodDisruptionBudget", "Ingress", "Job", "ServiceMonitor",
                "PrometheusRule", "ConfigMap", "NetworkPolicy", "ScaledObject", "KafkaTopic"), kinds);
    }

    @Test
    void theNetworkPoliciesLetTheIngressReachOnlyThePublicServicesAndTheServicesOnlyWhatTheyNeed() throws IOException {
        assertTrue(ofKind(render(), "NetworkPolicy").isEmpty(), "off by default");
        List<JsonNode> manifests = render("--set=networkPolicy.enabled=true",
                "--set-json=networkPolicy.egress.sap.to=[{\"ipBlock\":{\"cidr\":\"203.0.113.0/24\"}}]");
        Set<String> publicServices = Set.of("token-service", "ingest-service");
        for (String service : SERVICES) {
            JsonNode policy = named(manifests, "NetworkPolicy", "pb-profile-bridge-" + service).at("/spec");
            assertEquals(deployment(manifests, service).at("/spec/selector/matchLabels"),
                    policy.at("/podSelector/matchLabels"), service);
            Set<String> namespaces = policy.at("/ingress").findValues("kubernetes.io/metadata.name").stream()
                    .map(JsonNode::asText).collect(Collectors.toSet());
            assertEquals(publicServices.contains(service) ? Set.of("monitoring", "ingress-nginx") : Set.of("monitoring"),
                    namespaces, service + ": reached from outside its namespace by");
            assertTrue(policy.at("/ingress").findValues("podSelector").stream().anyMatch(JsonNode::isEmpty),
                    service + ": reached from its own namespace (the operators' Job, token checks)");
            policy.at("/ingress").forEach(rule -> assertEquals("http", rule.at("/ports/0/port").asText(), service));

            Set<Integer> ports = policy.at("/egress").findValues("port").stream().map(JsonNode::asInt)
                    .collect(Collectors.toSet());
            Set<Integer> expected = new HashSet<>(Set.of(53, 9092, 5432));
            if (!publicServices.contains(service)) {
                expected.add(443);
                JsonNode sap = toList(policy.at("/egress")).stream()
                        .filter(rule -> rule.at("/ports/0/port").asInt() == 443).findFirst().orElseThrow();
                assertEquals("203.0.113.0/24", sap.at("/to/0/ipBlock/cidr").asText(), service + " reaches SAP only");
            }
            assertEquals(expected, ports, service + " may reach");
        }
        JsonNode traefik = named(render("--set=networkPolicy.enabled=true",
                "--set=networkPolicy.ingressController.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=traefik",
                "--set=networkPolicy.prometheus.namespaceSelector=null"), "NetworkPolicy", "pb-profile-bridge-ingest-service");
        assertEquals(Set.of("traefik"), traefik.at("/spec/ingress").findValues("kubernetes.io/metadata.name").stream()
                .map(JsonNode::asText).collect(Collectors.toSet()));
    }

    @Test
    void theMonitoringPackIsOffByDefaultAndEachFlagAddsItsOwnPart() throws IOException {
        Set<String> monitoring = Set.of("ServiceMonitor", "PrometheusRule", "ConfigMap");
        assertTrue(render().stream().noneMatch(m -> monitoring.contains(m.at("/kind").asText())));
        Map<String, String> flags = Map.of("serviceMonitor", "ServiceMonitor", "prometheusRule", "PrometheusRule",
                "dashboards", "ConfigMap");
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            Set<String> added = render("--set=monitoring." + flag.getKey() + ".enabled=true").stream()
                    .map(m -> m.at("/kind").asText()).filter(monitoring::contains).collect(Collectors.toSet());
            assertEquals(Set.of(flag.getValue()), added, flag.getKey());
        }
    }

    @Test
    void theServiceMonitorScrapesEveryServicesMetricsPort() throws IOException {
        List<JsonNode> manifests = render("--namespace=crm", "--set=monitoring.serviceMonitor.enabled=true",
                "--set=monitoring.serviceMonitor.labels.release=kube-prometheus-stack");
        JsonNode monitor = named(manifests, "ServiceMonitor", "pb-profile-bridge");
        assertEquals("monitoring.coreos.com/v1", monitor.at("/apiVersion").asText());
        assertEquals("kube-prometheus-stack", monitor.at("/metadata/labels/release").asText());
        assertEquals("crm", monitor.at("/spec/namespaceSelector/matchNames/0").asText());
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        Map<String, String> selector = new YAMLMapper().convertValue(monitor.at("/spec/selector/matchLabels"), Map.class);
        for (JsonNode service : ofKind(manifests, "Service")) {
            Map<String, String> labels = new YAMLMapper().convertValue(service.at("/metadata/labels"), Map.class);
            assertTrue(labels.entrySet().containsAll(selector.entrySet()), service.at("/metadata/name").asText());
            assertEquals(monitor.at("/spec/endpoints/0/port").asText(), service.at("/spec/ports/0/name").asText());
        }
        assertEquals(SERVICES.size(), ofKind(manifests, "Service").size());
    }

    @Test
    void everyAlertSaysWhatHappenedAndLinksToItsRunbookSection() throws IOException {
        List<JsonNode> manifests = render("--namespace=crm", "--set=monitoring.prometheusRule.enabled=true",
                "--set=monitoring.prometheusRule.runbookUrl=https://git.example.com/pb/docs/runbook.md",
                "--set=monitoring.prometheusRule.thresholds.consumerLag=5000",
                "--set=monitoring.prometheusRule.labels.release=kube-prometheus-stack");
        JsonNode rule = named(manifests, "PrometheusRule", "pb-profile-bridge");
        assertEquals("kube-prometheus-stack", rule.at("/metadata/labels/release").asText());
        Set<String> sections = new HashSet<>();
        Matcher section = RUNBOOK_SECTION.matcher(Files.readString(RUNBOOK));
        while (section.find()) {
            sections.add(section.group(1));
        }
        Set<String> alerts = new HashSet<>();
        for (JsonNode alert : rule.at("/spec/groups").findValues("rules").stream()
                .flatMap(rules -> toList(rules).stream()).toList()) {
            String name = alert.at("/alert").asText();
            alerts.add(name);
            String expr = alert.at("/expr").asText();
            assertFalse(expr.contains("\n") || expr.contains("{{"), name + ": one rendered line: " + expr);
            assertTrue(expr.contains("namespace=\"crm\""), name + " selects this release's namespace: " + expr);
            assertTrue(Set.of("warning", "critical").contains(alert.at("/labels/severity").asText()), name);
            assertTrue(alert.at("/for").asText().matches("\\d+m"), name);
            assertFalse(alert.at("/annotations/summary").asText().isBlank(), name);
            assertFalse(alert.at("/annotations/description").asText().isBlank(), name);
            assertEquals("https://git.example.com/pb/docs/runbook.md#" + name.toLowerCase(),
                    alert.at("/annotations/runbook_url").asText(), name);
        }
        assertEquals(sections, alerts, "one runbook section per alert, one alert per section");
        String lag = rule.at("/spec/groups").findValues("rules").stream().flatMap(rules -> toList(rules).stream())
                .filter(alert -> alert.at("/alert").asText().equals("ProfileBridgeConsumerLagGrowing")).findFirst()
                .orElseThrow().at("/expr").asText();
        assertTrue(lag.contains("> 5000"), lag);
    }

    @Test
    void theDashboardsConfigMapCarriesEveryDashboardForGrafanasSidecar() throws IOException {
        List<JsonNode> manifests = render("--set=monitoring.dashboards.enabled=true",
                "--set=monitoring.dashboards.annotations.grafana_folder=Profile Bridge");
        JsonNode configMap = named(manifests, "ConfigMap", "pb-profile-bridge-dashboards");
        assertEquals("1", configMap.at("/metadata/labels/grafana_dashboard").asText());
        assertEquals("Profile Bridge", configMap.at("/metadata/annotations/grafana_folder").asText());
        Set<String> files;
        try (var listing = Files.list(DASHBOARDS)) {
            files = listing.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of("ingest-service.json", "marketing-connector.json", "service-connector.json",
                "token-service.json"), files);
        Set<String> uids = new HashSet<>();
        for (String file : files) {
            JsonNode dashboard = new ObjectMapper().readTree(configMap.at("/data/" + file).asText());
            assertEquals(new ObjectMapper().readTree(DASHBOARDS.resolve(file).toFile()), dashboard, file);
            assertTrue(uids.add(dashboard.at("/uid").asText()), file + ": a uid of its own");
            List<JsonNode> queries = dashboard.findValues("expr");
            assertTrue(queries.size() >= 4, file);
            queries.forEach(query -> assertTrue(query.asText().contains("namespace=\"$namespace\""), file + ": " + query));
        }
        assertEquals("custom", named(render("--set=monitoring.dashboards.enabled=true",
                "--set=monitoring.dashboards.labels.grafana_dashboard=custom"), "ConfigMap", "pb-profile-bridge-dashboards")
                .at("/metadata/labels/grafana_dashboard").asText(), "the sidecar's label is configurable");
    }

    @Test
    void theSchemaValidationRefusesBrokenManifestsAndKindsItHasNoSchemaFor() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> manifests = render("--set=autoscaling.keda.enabled=true", "--set=kafka.strimzi.topics.enabled=true",
                "--set=monitoring.serviceMonitor.enabled=true");
        ObjectNode deployment = deployment(manifests, "ingest-service").deepCopy();
        deployment.with("spec").put("replicas", "two");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).remove("name");
        ObjectNode scaledObject = named(manifests, "ScaledObject", "pb-profile-bridge-service-connector").deepCopy();
        scaledObject.with("spec").put("maxReplicaCount", "four");
        ObjectNode topic = named(manifests, "KafkaTopic", "profiles.service").deepCopy();
        topic.with("spec").put("partitions", "twelve");
        ObjectNode monitor = named(manifests, "ServiceMonitor", "pb-profile-bridge").deepCopy();
        monitor.with("spec").remove("selector");
        ObjectNode unknown = yaml.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Widget");
        unknown.with("metadata").put("name", "w");
        StringBuilder documents = new StringBuilder();
        for (JsonNode manifest : List.of(deployment, scaledObject, topic, monitor, unknown)) {
            documents.append(yaml.writeValueAsString(manifest));
        }

        Helm.Result result = ManifestValidator.validate(documents.toString());
        assertEquals(1, result.exitCode(), result.output());
        for (String problem : List.of("Deployment pb-profile-bridge-ingest-service (apps/v1): data/spec/replicas must be integer",
                "data/spec/template/spec/containers/0 must have required property name",
                "ScaledObject pb-profile-bridge-service-connector (keda.sh/v1alpha1): data/spec/maxReplicaCount must be integer",
                "KafkaTopic profiles.service (kafka.strimzi.io/v1beta2): data/spec/partitions must be integer",
                "ServiceMonitor pb-profile-bridge (monitoring.coreos.com/v1): data/spec must have required property selector",
                "Widget w: no schema known for example.com/v1 Widget", "5 documents, 5 problems")) {
            assertTrue(result.output().contains(problem), problem + " in:\n" + result.output());
        }
        // YAML 1.1 as Kubernetes reads it: an unquoted yes is a boolean, where a label's value must be a string.
        Helm.Result yes = ManifestValidator.validate(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    enabled: yes\n");
        assertEquals(1, yes.exitCode(), yes.output());
        assertTrue(yes.output().contains("data/metadata/labels/enabled must be string"), yes.output());
    }

    @Test
    void kedaScalesEachConnectorOnItsConsumerGroupsLagUpToWhatCanHelp() throws IOException {
        List<JsonNode> byDefault = render();
        assertTrue(ofKind(byDefault, "ScaledObject").isEmpty(), "off by default");
        for (String service : SERVICES) {
            assertTrue(deployment(byDefault, service).at("/spec/replicas").isInt(), service + " has its replicas");
        }

        List<JsonNode> manifests = render("--set=autoscaling.keda.enabled=true", "--set=kafka.bootstrapServers=kafka.data:9092");
        assertEquals(2, ofKind(manifests, "ScaledObject").size());
        Map<String, Integer> maxInFlight = Map.of("marketing-connector", 8, "service-connector", 4);
        for (String connector : CONNECTOR_TOPIC_VARIABLES.keySet()) {
            JsonNode scaled = named(manifests, "ScaledObject", "pb-profile-bridge-" + connector).at("/spec");
            Map<String, JsonNode> env = env(container(manifests, connector));
            assertEquals("pb-profile-bridge-" + connector, scaled.at("/scaleTargetRef/name").asText());
            assertTrue(deployment(manifests, connector).at("/spec/replicas").isMissingNode(),
                    connector + ": KEDA owns replicas, an upgrade must not reset them");
            JsonNode trigger = scaled.at("/triggers/0");
            assertEquals("kafka", trigger.at("/type").asText());
            assertEquals(env.get("PB_KAFKA_BOOTSTRAP_SERVERS").at("/value").asText(),
                    trigger.at("/metadata/bootstrapServers").asText());
            assertEquals(consumerGroup(connector), trigger.at("/metadata/consumerGroup").asText(), connector);
            assertEquals(env.get(CONNECTOR_TOPIC_VARIABLES.get(connector)).at("/value").asText(),
                    trigger.at("/metadata/topic").asText(), connector + " scales on the topic it reads");
            assertEquals("500", trigger.at("/metadata/lagThreshold").asText());
            assertEquals(1, scaled.at("/minReplicaCount").asInt());
            assertEquals(Math.min(12, maxInFlight.get(connector)), scaled.at("/maxReplicaCount").asInt(),
                    connector + ": capped by its SAP budget");
        }
        for (String service : List.of("token-service", "ingest-service")) {
            assertEquals(2, deployment(manifests, service).at("/spec/replicas").asInt(), service + " keeps its replicas");
        }

        List<JsonNode> fewPartitions = render("--set=autoscaling.keda.enabled=true", "--set=kafka.topics.partitions=3",
                "--set=autoscaling.keda.lagThreshold=50", "--set=autoscaling.keda.authenticationRef=kafka-sasl");
        assertEquals(3, named(fewPartitions, "ScaledObject", "pb-profile-bridge-marketing-connector")
                .at("/spec/maxReplicaCount").asInt(), "capped by the partitions");
        assertEquals("50", named(fewPartitions, "ScaledObject", "pb-profile-bridge-marketing-connector")
                .at("/spec/triggers/0/metadata/lagThreshold").asText());
        assertEquals("kafka-sasl", named(fewPartitions, "ScaledObject", "pb-profile-bridge-service-connector")
                .at("/spec/triggers/0/authenticationRef/name").asText());
        assertEquals(2, named(render("--set=autoscaling.keda.enabled=true", "--set=autoscaling.keda.maxReplicas=2"),
                "ScaledObject", "pb-profile-bridge-marketing-connector").at("/spec/maxReplicaCount").asInt(),
                "capped by maxReplicas");
        assertEquals(List.of("pb-profile-bridge-marketing-connector"), ofKind(render("--set=autoscaling.keda.enabled=true",
                "--set=serviceConnector.enabled=false"), "ScaledObject").stream()
                .map(scaled -> scaled.at("/metadata/name").asText()).toList());

        Helm.Result tooMany = Helm.run("template", "pb", CHART.toString(), KEY, "--set=autoscaling.keda.enabled=true",
                "--set=autoscaling.keda.minReplicas=5");
        assertNotEquals(0, tooMany.exitCode());
        assertTrue(tooMany.output().contains("autoscaling.keda.minReplicas (5) exceeds service-connector's most replicas, "
                + "min(kafka.topics.partitions, maxInFlight, autoscaling.keda.maxReplicas) = 4"), tooMany.output());
        Helm.Result toZero = Helm.run("template", "pb", CHART.toString(), KEY, "--set=autoscaling.keda.minReplicas=0");
        assertNotEquals(0, toZero.exitCode());
        assertTrue(toZero.output().contains("autoscaling.keda.minReplicas: Must be greater than or equal to 1"),
                toZero.output());
    }

    @Test
    void strimziTopicsDeclareEachProfileTopicWithItsDeadLetterAndParkedTopics() throws IOException {
        assertTrue(ofKind(render(), "KafkaTopic").isEmpty(), "off by default");
        List<JsonNode> manifests = render("--set=kafka.strimzi.topics.enabled=true", "--set=kafka.strimzi.cluster=events",
                "--set=kafka.topics.retentionMs=86400000");
        Map<String, JsonNode> topics = new HashMap<>();
        ofKind(manifests, "KafkaTopic").forEach(topic -> topics.put(topic.at("/spec/topicName").asText(), topic));
        String ingestPartitions = env(container(manifests, "ingest-service")).get("INGEST_TOPICS_PARTITIONS")
                .at("/value").asText();
        Set<String> expected = new HashSet<>();
        for (String connector : CONNECTOR_TOPIC_VARIABLES.keySet()) {
            String topic = env(container(manifests, connector)).get(CONNECTOR_TOPIC_VARIABLES.get(connector))
                    .at("/value").asText();
            String deadLetters = deadLetterTopic(topic);
            String parked = parkedTopic(deadLetters);
            expected.addAll(List.of(topic, deadLetters, parked));
            assertEquals(12, topics.get(topic).at("/spec/partitions").asInt(), topic);
            assertEquals(ingestPartitions, topics.get(topic).at("/spec/partitions").asText(),
                    topic + ": as many partitions as ingest-service would create it with");
            assertEquals(86400000L, topics.get(topic).at("/spec/config/retention.ms").asLong(), topic);
            for (String trickle : List.of(deadLetters, parked)) {
                assertEquals(3, topics.get(trickle).at("/spec/partitions").asInt(), trickle);
                assertEquals(2592000000L, topics.get(trickle).at("/spec/config/retention.ms").asLong(), trickle);
            }
        }
        assertEquals(expected, topics.keySet());
        for (JsonNode topic : topics.values()) {
            assertEquals("events", topic.at("/metadata/labels/strimzi.io~1cluster").asText());
            assertEquals(3, topic.at("/spec/replicas").asInt());
            assertEquals(2, topic.at("/spec/config/min.insync.replicas").asInt());
            assertTrue(topic.at("/metadata/namespace").isMissingNode(), "in the release's namespace by default");
            assertEquals("keep", topic.at("/metadata/annotations/helm.sh~1resource-policy").asText(),
                    "an uninstall must not delete the topics with their records");
        }

        List<JsonNode> custom = render("--set=kafka.strimzi.topics.enabled=true", "--set=kafka.strimzi.topics.namespace=kafka",
                "--set=ingestService.topics.marketing=CRM_Profiles", "--set=kafka.topics.replicationFactor=1",
                "--set=kafka.topics.deadLetters.partitions=1");
        JsonNode renamed = named(custom, "KafkaTopic", "crm-profiles.dlq");
        assertEquals("CRM_Profiles.dlq", renamed.at("/spec/topicName").asText(), "Kafka's name, kept");
        assertEquals("kafka", renamed.at("/metadata/namespace").asText());
        assertEquals(1, renamed.at("/spec/partitions").asInt());
        assertEquals(1, renamed.at("/spec/config/min.insync.replicas").asInt(), "never more than the replicas");
        assertEquals("1", env(container(custom, "ingest-service")).get("INGEST_TOPICS_REPLICATION_FACTOR")
                .at("/value").asText());
    }

    /** The consumer group of a connector: connector-core's group.id, which is the connector's connector.name. */
    private static String consumerGroup(String connector) throws IOException {
        assertTrue(Files.readString(CONNECTOR_CORE_CONFIG).contains("\nmp.messaging.incoming.profiles.group.id=${connector.name}\n"));
        Matcher name = Pattern.compile("(?m)^connector\\.name=(.+)$").matcher(Files.readString(properties(connector)));
        assertTrue(name.find(), connector + " has no connector.name");
        return name.group(1).strip();
    }

    private static String deadLetterTopic(String topic) throws IOException {
        assertTrue(Files.readString(CONNECTOR_CORE_CONFIG).contains("\nconnector.dead-letter-topic=${connector.topic}.dlq\n"));
        return topic + ".dlq";
    }

    private static String parkedTopic(String deadLetterTopic) throws IOException {
        assertTrue(Files.readString(CONNECTOR_CORE_CONFIG)
                .contains("\nconnector.ops.parked-topic=${connector.dead-letter-topic}.parked\n"));
        return deadLetterTopic + ".parked";
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static List<JsonNode> ofKind(List<JsonNode> manifests, String kind) {
        return manifests.stream().filter(manifest -> manifest.at("/kind").asText().equals(kind)).toList();
    }

    private static Optional<String> workingDirectoryOfTheImage() throws IOException {
        return Files.readAllLines(Path.of("docker", "Dockerfile.jvm")).stream().filter(line -> line.startsWith("WORKDIR "))
                .map(line -> line.substring("WORKDIR ".length()).strip()).findFirst();
    }

    @Test
    void tracingIsOffByDefaultAndAnOtlpEndpointTurnsItOnWhereTheServiceHasOpenTelemetry() throws IOException {
        List<String> traced = List.of("ingest-service", "marketing-connector", "service-connector");
        for (String service : SERVICES) {
            assertFalse(env(container(render(), service)).containsKey("QUARKUS_OTEL_SDK_DISABLED"), service);
        }
        List<JsonNode> manifests = render("--set=tracing.otlpEndpoint=http://otel-collector.observability:4317");
        for (String service : SERVICES) {
            Map<String, JsonNode> env = env(container(manifests, service));
            boolean on = env.containsKey("QUARKUS_OTEL_SDK_DISABLED");
            assertEquals(traced.contains(service), on, service);
            if (on) {
                assertEquals("false", env.get("QUARKUS_OTEL_SDK_DISABLED").at("/value").asText());
                assertEquals("http://otel-collector.observability:4317",
                        env.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").at("/value").asText());
                assertTrue(openTelemetryConfigured(service), service + " has no OpenTelemetry settings to turn on");
            }
        }
    }

    /** The service (or connector-core, for a connector) sets quarkus.otel.sdk.disabled: it has the extension. */
    private static boolean openTelemetryConfigured(String service) throws IOException {
        Path core = REPOSITORY.resolve("connector-core/src/main/resources/META-INF/microprofile-config.properties");
        String settings = Files.readString(properties(service))
                + (service.endsWith("-connector") ? Files.readString(core) : "");
        return settings.contains("\nquarkus.otel.sdk.disabled=");
    }

    @Test
    void aConnectorOnOAuthNeedsItsTokenServerAndADisabledComponentIsLeftOut() throws IOException {
        Helm.Result missingServer = Helm.run("template", "pb", CHART.toString(), KEY, "--set=serviceConnector.auth=oauth2");
        assertNotEquals(0, missingServer.exitCode());
        assertTrue(missingServer.output().contains("c4c: oauth.server is required with auth oauth2"), missingServer.output());
        Map<String, JsonNode> oauth = env(container(render("--set=serviceConnector.auth=oauth2",
                "--set=serviceConnector.oauth.server=https://idp.example.com"), "service-connector"));
        assertEquals("oauth2", oauth.get("PB_C4C_AUTH").at("/value").asText());
        assertEquals("https://idp.example.com", oauth.get("PB_C4C_OAUTH_SERVER").at("/value").asText());

        List<JsonNode> withoutC4c = render("--set=serviceConnector.enabled=false");
        assertEquals(Set.of("token-service", "ingest-service", "marketing-connector"), withoutC4c.stream()
                .filter(manifest -> Set.of("Deployment", "Service").contains(manifest.at("/kind").asText()))
                .map(manifest -> manifest.at("/metadata/labels/app.kubernetes.io~1component").asText())
                .collect(Collectors.toSet()));
    }

    /** The manifests of the chart with these settings, each validated against its kind's schema first. */
    private static List<JsonNode> render(String... settings) throws IOException {
        List<String> args = new ArrayList<>(List.of("template", "pb", CHART.toString(), KEY));
        args.addAll(List.of(settings));
        Helm.Result result = Helm.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        Helm.Result validation = ManifestValidator.validate(result.output());
        assertEquals(0, validation.exitCode(), "the manifests with " + List.of(settings)
                + " against their kinds' schemas:\n" + validation.output());
        List<JsonNode> manifests = new ArrayList<>();
        new YAMLMapper().readerFor(JsonNode.class).readValues(result.output()).forEachRemaining(node -> {
            if (node instanceof JsonNode manifest && manifest.has("kind")) {
                manifests.add(manifest);
            }
        });
        return manifests;
    }

    private static JsonNode named(List<JsonNode> manifests, String kind, String name) {
        return manifests.stream().filter(manifest -> manifest.at("/kind").asText().equals(kind)
                && manifest.at("/metadata/name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static JsonNode deployment(List<JsonNode> manifests, String service) {
        return named(manifests, "Deployment", "pb-profile-bridge-" + service);
    }

    private static JsonNode container(List<JsonNode> manifests, String service) {
        JsonNode containers = deployment(manifests, service).at("/spec/template/spec/containers");
        assertEquals(1, containers.size(), service);
        return containers.get(0);
    }

    /** A container's variables by name, each with its value or valueFrom; a name set twice fails the test. */
    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> variables = new HashMap<>();
        container.at("/env").forEach(variable -> assertEquals(null,
                variables.put(variable.at("/name").asText(), variable), "set twice: " + variable.at("/name")));
        return variables;
    }

    private static int httpPort(String service) throws IOException {
        Matcher port = HTTP_PORT.matcher(Files.readString(properties(service)));
        assertTrue(port.find(), service + " has no quarkus.http.port");
        return Integer.parseInt(port.group(1));
    }

    /** The PB_ variables a service's configuration reads, each with whether it has a default. */
    private static Map<String, Boolean> variablesRead(String service) throws IOException {
        Map<String, Boolean> read = new HashMap<>();
        List<Path> sources = new ArrayList<>(List.of(properties(service)));
        SHARED_CONFIG.forEach(path -> sources.add(REPOSITORY.resolve(path)));
        for (Path source : sources) {
            Matcher variable = VARIABLE.matcher(Files.readString(source));
            while (variable.find()) {
                read.merge(variable.group(1), !variable.group(2).isEmpty(), Boolean::logicalOr);
            }
        }
        return read;
    }

    private static Path properties(String service) {
        return REPOSITORY.resolve(Path.of(service, "src", "main", "resources", "application.properties"));
    }

    private static Set<String> minus(Set<String> all, Set<String> some) {
        Set<String> rest = new HashSet<>(all);
        rest.removeAll(some);
        return rest;
    }
}
