package io.dock2ledger.deployment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/compose.yaml cannot run here (no container engine), so its references are checked instead: every image
 * pinned, no two services on one host port, every bind mount present in the repository and every named volume and
 * secret declared, every environment variable a hub service sets one the hub reads, and Prometheus and the SFTP entry
 * point aimed at services and ports that exist.
 */
class ComposeFileTest {

    private static final Path DOCKER = Path.of("docker");
    /**
     * Bind mounts another branch provides: the Grafana dashboard (issue 12, branch reconcile, creates
     * docker/grafana/dashboards/ and its provider). Tolerated while absent, checked as soon as they exist. Empty this
     * set once that branch is merged.
     */
    /** Spring's own settings a hub service may set, which no hub configuration file names. */
    private static final Set<String> SPRING_ENVIRONMENT = Set.of("SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS");
    private static final Pattern PINNED_IMAGE = Pattern.compile("[a-z0-9./_-]+(:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*|@sha256:[0-9a-f]{64})");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Reader in = Files.newBufferedReader(DOCKER.resolve("compose.yaml"))) {
            compose = new Yaml().load(in);
        }
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void theTopologyOfDeploymentMdIsThere() {
        assertThat(services).containsKeys("postgres", "artemis-primary", "artemis-backup", "hub-1", "hub-2",
                "sftp-entry", "prometheus", "grafana");
        assertThat(hubServices()).containsExactlyInAnyOrder("hub-1", "hub-2");
        assertThat(env("hub-1").get("DOCK2LEDGER_BROKER_URL")).as("both brokers, failover")
                .contains("artemis-primary:61616", "artemis-backup:61616", "ha=true");
        assertThat(env("artemis-backup").get("EXTRA_ARGS")).contains("--shared-store", "--backup");
        assertThat(volumeSources("hub-1")).as("one partner folder tree for both hubs").isEqualTo(volumeSources("hub-2"));
    }

    /**
     * docker stop sends SIGTERM, then SIGKILL after the service's grace period (10 s by default): a hub's own shutdown
     * waits up to Camel's 45 s for the work in hand, so a shorter period would kill stops that were ending by
     * themselves (docs/reliability.md, "A stop asked for").
     */
    @Test
    void aHubIsGivenLongerToStopThanItsOwnShutdownTimeout() {
        for (String hub : hubServices()) {
            String period = String.valueOf(services.get(hub).get("stop_grace_period"));
            Matcher seconds = Pattern.compile("(\\d+)s").matcher(period);
            assertThat(seconds.matches()).as("%s: stop_grace_period in seconds, was %s", hub, period).isTrue();
            assertThat(Integer.parseInt(seconds.group(1))).as("%s: longer than Camel's 45 s shutdown timeout", hub)
                    .isGreaterThan(45);
        }
    }

    @Test
    void everyImageIsPinnedOrBuiltHere() {
        services.forEach((name, service) -> {
            if (service.containsKey("build")) {
                Map<?, ?> build = (Map<?, ?>) service.get("build");
                Path context = DOCKER.resolve(String.valueOf(build.get("context"))).normalize();
                assertThat(context.resolve(String.valueOf(build.get("dockerfile")))).as("%s: its Dockerfile", name).isRegularFile();
            } else {
                assertThat(String.valueOf(service.get("image"))).as("%s: image with a version (not latest) or a digest", name)
                        .matches(PINNED_IMAGE).doesNotEndWith(":latest");
            }
        });
    }

    @Test
    void noTwoServicesPublishTheSameHostPort() {
        Map<String, String> owners = new HashMap<>();
        services.forEach((name, service) -> {
            for (Object port : list(service.get("ports"))) {
                String[] parts = String.valueOf(port).split(":");
                String hostPort = parts[parts.length - 2];
                assertThat(owners.put(hostPort, name)).as("host port %s of %s", hostPort, name).isNull();
            }
        });
        assertThat(owners).containsKeys("8081", "8082", "2222");
    }

    @Test
    void hubsPublishThePortsTheHubListensOn() {
        String serverPort = String.valueOf(flatten(yaml("src/main/resources/application.yaml")).get("server.port"));
        for (String hub : hubServices()) {
            for (Object port : list(services.get(hub).get("ports"))) {
                String[] parts = String.valueOf(port).split(":");
                assertThat(parts[parts.length - 1]).as("%s container port", hub).isEqualTo(serverPort);
            }
        }
    }

    @Test
    void everyBindMountExistsAndEveryNamedVolumeAndSecretIsDeclared() {
        Set<String> volumes = ((Map<?, ?>) compose.get("volumes")).keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
        Set<String> secrets = compose.get("secrets") == null ? Set.of()
                : ((Map<?, ?>) compose.get("secrets")).keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
        services.forEach((name, service) -> {
            for (String source : volumeSources(name)) {
                if (source.startsWith(".") || source.startsWith("/")) {
                    Path path = DOCKER.resolve(source).normalize();
                    assertThat(path).as("%s: bind mount %s", name, source).exists();
                } else {
                    assertThat(volumes).as("%s: named volume %s", name, source).contains(source);
                }
            }
            for (Object secret : list(service.get("secrets"))) {
                assertThat(secrets).as("%s: secret", name).contains(String.valueOf(secret));
            }
            Object dependsOn = service.get("depends_on");
            Iterable<?> dependencies = dependsOn instanceof Map<?, ?> m ? m.keySet() : list(dependsOn);
            for (Object dependency : dependencies) {
                assertThat(services).as("%s depends on", name).containsKey(String.valueOf(dependency));
            }
        });
    }

    @Test
    void grafanaFindsTheDashboardWhereItsProviderLooks() throws IOException {
        Map<?, ?> provisioning;
        try (Reader reader = Files.newBufferedReader(DOCKER.resolve("grafana/provisioning/dashboards/dock2ledger.yaml"))) {
            provisioning = new Yaml().load(reader);
        }
        Map<?, ?> provider = (Map<?, ?>) list(provisioning.get("providers")).iterator().next();
        String providerPath = String.valueOf(((Map<?, ?>) provider.get("options")).get("path"));
        assertThat(list(services.get("grafana").get("volumes")).stream().map(String::valueOf))
                .as("grafana mounts docker/grafana/dashboards at its provider's path")
                .contains("./grafana/dashboards:" + providerPath + ":ro");
        assertThat(DOCKER.resolve("grafana/dashboards/dock2ledger.json")).exists();
    }

    @Test
    void everyEnvironmentVariableAHubServiceSetsIsOneTheHubReads() {
        Set<String> readable = readableEnvironment();
        for (String hub : hubServices()) {
            assertThat(env(hub).keySet()).as("%s: variables the hub reads (application*.yaml placeholders, "
                    + "the relaxed names of its properties)", hub).allSatisfy(v -> assertThat(readable).contains(v));
        }
        Set<String> prodPlaceholders = placeholders(Path.of("src/main/resources/application-prod.yaml"));
        assertThat(env("hub-1").keySet()).as("everything the prod profile requires").containsAll(prodPlaceholders);
    }

    @Test
    void prometheusScrapesBothHubsWithTheViewerSecretAndTheSftpEntryPointLeadsToBothHubs() throws IOException {
        Map<String, Object> prometheus = yaml("docker/prometheus/prometheus.yml");
        Map<?, ?> job = (Map<?, ?>) list(prometheus.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<?> targets = (List<?>) ((Map<?, ?>) list(job.get("static_configs")).get(0)).get("targets");
        String serverPort = String.valueOf(flatten(yaml("src/main/resources/application.yaml")).get("server.port"));
        assertThat(targets.stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrderElementsOf(hubServices().stream().map(h -> h + ":" + serverPort).toList());
        String passwordFile = String.valueOf(((Map<?, ?>) job.get("basic_auth")).get("password_file"));
        assertThat(list(services.get("prometheus").get("secrets")).stream().map(s -> "/run/secrets/" + s).toList())
                .contains(passwordFile);

        Matcher server = Pattern.compile("(?m)^\\s*server\\s+\\S+\\s+([\\w-]+):(\\d+)(.*)$").matcher(
                Files.readString(DOCKER.resolve("sftp-entry/haproxy.cfg")));
        Set<String> backends = new TreeSet<>();
        while (server.find()) {
            assertThat(server.group(2)).as("hub SFTP port").isEqualTo(env(server.group(1)).get("DOCK2LEDGER_SFTP_PORT"));
            // The proxy sends the PROXY line exactly when the hub expects it: otherwise every login fails, or the hub
            // would take whatever a connection claims (docs/partners-sftp.md, "Behind a TCP proxy").
            assertThat(server.group(3).matches(".*\\bsend-proxy\\b.*")).as("%s: send-proxy", server.group(1))
                    .isEqualTo("true".equals(env(server.group(1)).get("DOCK2LEDGER_SFTP_PROXY_PROTOCOL")));
            backends.add(server.group(1));
        }
        assertThat(backends).containsExactlyInAnyOrderElementsOf(hubServices());
    }

    // --- the hub side -----------------------------------------------------------------------------------------------

    /** ${NAME} placeholders of the hub's configuration, and both relaxed environment names of each of its properties. */
    private static Set<String> readableEnvironment() {
        Set<String> names = new HashSet<>(SPRING_ENVIRONMENT);
        Set<String> properties = new TreeSet<>();
        for (String file : List.of("src/main/resources/application.yaml", "src/main/resources/application-prod.yaml")) {
            names.addAll(placeholders(Path.of(file)));
            properties.addAll(flatten(yaml(file)).keySet());
        }
        properties.addAll(configurationPropertiesKeys());
        for (String property : properties) {
            String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
            names.add(upper.replace("-", ""));   // Spring's canonical form
            names.add(upper.replace('-', '_'));  // the legacy form it also accepts (DOCK2LEDGER_DATA_DIR)
        }
        return names;
    }

    /** Every key of the hub's @ConfigurationProperties records (prefix + kebab-case component, nested records too). */
    private static Set<String> configurationPropertiesKeys() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> keys = new TreeSet<>();
        scanner.findCandidateComponents("io.dock2ledger").forEach(candidate -> {
            try {
                Class<?> type = Class.forName(candidate.getBeanClassName());
                ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
                addKeys(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), type, keys);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
        return keys;
    }

    private static void addKeys(String prefix, Class<?> type, Set<String> keys) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            keys.add(key);
            if (component.getType().isRecord() && component.getType().getName().startsWith("io.dock2ledger")) {
                addKeys(key, component.getType(), keys);
            }
        }
    }

    private static Set<String> placeholders(Path file) {
        try {
            Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(Files.readString(file));
            Set<String> names = new TreeSet<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- compose helpers --------------------------------------------------------------------------------------------

    /** Services built from the hub's Dockerfile. */
    private static List<String> hubServices() {
        return services.entrySet().stream()
                .filter(e -> e.getValue().get("build") instanceof Map<?, ?> b && String.valueOf(b.get("dockerfile")).endsWith("docker/Dockerfile"))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private static Map<String, String> env(String service) {
        Map<String, String> env = new HashMap<>();
        Object environment = services.get(service).get("environment");
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        return env;
    }

    private static List<String> volumeSources(String service) {
        return list(services.get(service).get("volumes")).stream().map(v -> String.valueOf(v).split(":")[0]).toList();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static Map<String, Object> yaml(String file) {
        try (Reader in = Files.newBufferedReader(Path.of(file))) {
            Map<String, Object> map = new Yaml().load(in);
            return map == null ? Map.of() : map;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new HashMap<>();
        tree.forEach((k, v) -> {
            if (v instanceof Map<?, ?> child) {
                flatten((Map<String, Object>) child).forEach((ck, cv) -> flat.put(k + "." + ck, cv));
            } else {
                flat.put(k, v);
            }
        });
        return flat;
    }
}
