package jouvence;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jouvence.courses.restore.KubernetesRestoreJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Kubernetes manifests of k8s/ and the Dockerfile: every manifest loads with the fabric8 model with no unknown field,
 * and what they say agrees with application.properties (ports, health paths, staging path, shutdown time, the restore
 * Job template's path and staging mount), with the Kubernetes restore driver (its Role grants exactly its calls) and
 * with the security rules (non-root, read-only root filesystem, no real secret, a service account token only where
 * the API is called).
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("..", "k8s");
    private static final Path BASE = K8S.resolve("base");
    /** Custom resources fabric8 has no type for: parsed as GenericKubernetesResource. */
    private static final Set<Path> CUSTOM_RESOURCES = Set.of(K8S.resolve("postgres/cluster.yaml"));
    private static final Pattern PLACEHOLDER = Pattern.compile("CHANGE_ME[A-Z0-9_]*");

    private static KubernetesSerialization strict;
    private static Deployment deployment;
    private static PodSpec pod;
    private static Container container;
    private static ConfigMap configMap;
    /** The ConfigMap's application.properties merged over the shipped defaults, as the service sees them. */
    private static Map<String, String> props;
    private static Map<String, String> configMapProps;

    /**
     * fabric8's model classes keep unknown fields in an "additionalProperties" any-setter, so Jackson's
     * FAIL_ON_UNKNOWN_PROPERTIES alone never fires: the any-setter is removed from every typed model class (not from
     * GenericKubernetesResource, whose fields all live there) and unknown fields then fail.
     */
    static KubernetesSerialization strictSerialization() {
        ObjectMapper mapper = new ObjectMapper();
        SimpleModule noAnySetter = new SimpleModule("jouvence-strict-kubernetes-model");
        noAnySetter.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                         BeanDeserializerBuilder builder) {
                Class<?> type = description.getBeanClass();
                if (type.getName().startsWith("io.fabric8.kubernetes.api.model.")
                        && !GenericKubernetesResource.class.isAssignableFrom(type)) {
                    builder.setAnySetter(null);
                }
                return builder;
            }
        });
        mapper.registerModule(noAnySetter);
        KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return serialization;
    }

    private static <T> T load(Path file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return strict.unmarshal(in, type);
        }
    }

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @BeforeAll
    static void loadBase() throws Exception {
        strict = strictSerialization();
        deployment = load(BASE.resolve("deployment.yaml"), Deployment.class);
        pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getContainers().size(), "one container: jouvence");
        container = pod.getContainers().get(0);
        configMap = load(BASE.resolve("configmap.yaml"), ConfigMap.class);
        String text = configMap.getData().get("application.properties");
        assertNotNull(text, "the ConfigMap holds application.properties");
        Properties shipped = new Properties();
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        props = new HashMap<>();
        shipped.forEach((k, v) -> props.put((String) k, ((String) v).trim()));
        configMapProps = new LinkedHashMap<>();
        properties(text).forEach((k, v) -> configMapProps.put((String) k, ((String) v).trim()));
        props.putAll(configMapProps);
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void every_manifest_loads_with_the_kubernetes_model_and_no_unknown_field() throws Exception {
        List<Path> files = manifests();
        assertTrue(files.size() >= 13, "manifests found under k8s/: " + files);
        for (Path file : files) {
            Object resource;
            try (InputStream in = Files.newInputStream(file)) {
                resource = CUSTOM_RESOURCES.contains(file)
                        ? strict.unmarshal(in, GenericKubernetesResource.class) : strict.unmarshal(in);
            } catch (RuntimeException e) {
                throw new AssertionError(file + " does not load with the Kubernetes model: " + e.getMessage(), e);
            }
            HasMetadata r = assertInstanceOf(HasMetadata.class, resource, file + " is one Kubernetes resource");
            assertNotNull(r.getMetadata().getName(), file + " has a name");
            if (!CUSTOM_RESOURCES.contains(file)) {
                assertFalse(resource instanceof GenericKubernetesResource,
                        file + ": kind " + r.getKind() + " of " + r.getApiVersion() + " is not a known Kubernetes type");
            }
        }
    }

    @Test
    void the_strict_model_rejects_unknown_and_mistyped_fields() {
        String misspelled = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          livenesProbe: {httpGet: {path: /observe/health/live, port: 9876}}
                """;
        assertThrows(RuntimeException.class, () -> strict.unmarshal(misspelled, Deployment.class));
        assertThrows(RuntimeException.class, () -> strict.unmarshal(misspelled));
        String mistyped = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: two}\n";
        assertThrows(RuntimeException.class, () -> strict.unmarshal(mistyped, Deployment.class));
        String correct = misspelled.replace("livenesProbe", "livenessProbe");
        assertEquals("/observe/health/live", strict.unmarshal(correct, Deployment.class).getSpec().getTemplate()
                .getSpec().getContainers().get(0).getLivenessProbe().getHttpGet().getPath());
    }

    @Test
    void the_cloudnativepg_cluster_is_a_postgresql_cluster_for_the_configured_database() throws Exception {
        GenericKubernetesResource cluster = load(K8S.resolve("postgres/cluster.yaml"), GenericKubernetesResource.class);
        assertEquals("postgresql.cnpg.io/v1", cluster.getApiVersion());
        assertEquals("Cluster", cluster.getKind());
        Map<String, Object> initdb = cluster.get("spec", "bootstrap", "initdb");
        assertNotNull(initdb, "spec.bootstrap.initdb");
        // The operator's read-write service is <cluster>-rw; the database and owner are those of the ConfigMap.
        String url = "jdbc:postgresql://" + cluster.getMetadata().getName() + "-rw:5432/" + initdb.get("database");
        assertEquals(url, props.get("jouvence.db.url"));
        assertEquals(props.get("jouvence.db.username"), initdb.get("owner"));
        assertNotNull(cluster.get("spec", "storage", "size"), "spec.storage.size");
    }

    @Test
    void probes_and_ports_agree_with_application_properties() {
        int management = Integer.parseInt(props.get("camel.management.port"));
        int api = Integer.parseInt(props.get("camel.server.port"));
        assertNotEquals(management, api);
        Map<String, Integer> ports = new HashMap<>();
        for (ContainerPort p : container.getPorts()) {
            ports.put(p.getName(), p.getContainerPort());
        }
        assertEquals(Map.of("http", api, "management", management), ports, "named container ports");

        // Camel's management server serves health under camel.management.health-path (default /observe/health).
        String health = props.getOrDefault("camel.management.health-path", "/observe/health");
        assertProbe(container.getLivenessProbe(), health + "/live", management, ports, "liveness");
        assertProbe(container.getReadinessProbe(), health + "/ready", management, ports, "readiness");
        if (container.getStartupProbe() != null) {
            assertProbe(container.getStartupProbe(), health + "/live", management, ports, "startup");
        }

        Service service = assertDoesNotThrowLoad(BASE.resolve("service.yaml"), Service.class);
        Map<String, Integer> servicePorts = new HashMap<>();
        for (ServicePort p : service.getSpec().getPorts()) {
            servicePorts.put(p.getName(), p.getPort());
            assertEquals(p.getName(), p.getTargetPort().getStrVal(), "service port " + p.getName() + " targets the named port");
            assertTrue(ports.containsKey(p.getTargetPort().getStrVal()), "target port " + p.getTargetPort() + " exists");
        }
        assertEquals(api, servicePorts.get("http"), "the Service's http port");
        assertEquals(podLabels(), withOnly(podLabels(), service.getSpec().getSelector()), "Service selector");
    }

    private static void assertProbe(Probe probe, String path, int port, Map<String, Integer> ports, String what) {
        assertNotNull(probe, what + " probe");
        assertNotNull(probe.getHttpGet(), what + " probe is an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), what + " probe path");
        IntOrString p = probe.getHttpGet().getPort();
        int resolved = p.getIntVal() != null ? p.getIntVal() : ports.getOrDefault(p.getStrVal(), -1);
        assertEquals(port, resolved, what + " probe port (camel.management.port)");
    }

    private static <T> T assertDoesNotThrowLoad(Path file, Class<T> type) {
        try {
            return load(file, type);
        } catch (Exception e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> podLabels() {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The selector if every one of its labels is on the pod (else something that cannot equal the pod's labels). */
    private static Map<String, String> withOnly(Map<String, String> podLabels, Map<String, String> selector) {
        assertNotNull(selector, "selector");
        assertFalse(selector.isEmpty(), "selector is not empty");
        selector.forEach((k, v) -> assertEquals(v, podLabels.get(k), "pod label " + k + " selected"));
        return podLabels;
    }

    @Test
    void the_configmap_is_mounted_and_given_with_config_and_parses_as_a_jouvence_configuration() {
        JouvenceConfig config = JouvenceConfig.from(k -> Optional.ofNullable(props.get(k)));
        assertFalse(config.db().url().isBlank(), "the ConfigMap names the database: jouvence.db.url");
        assertEquals(Path.of(configMapProps.get("jouvence.staging.dir")), config.stagingDir());

        VolumeMount mount = mountOf(volumeOfConfigMap(configMap.getMetadata().getName()).getName());
        assertEquals(List.of("--config=" + mount.getMountPath() + "/application.properties"), container.getArgs(),
                "the container is started with --config on the mounted file");
        assertTrue(container.getCommand() == null || container.getCommand().isEmpty(),
                "no command: the image's ENTRYPOINT runs the jar");
    }

    @Test
    void staging_and_import_folders_are_on_the_shared_volume_at_the_configured_paths() throws Exception {
        PersistentVolumeClaim pvc = load(BASE.resolve("pvc-staging.yaml"), PersistentVolumeClaim.class);
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes(), "staging is shared (restore in another pod)");
        assertTrue(Files.readString(BASE.resolve("pvc-staging.yaml")).contains("another pod"),
                "the PVC says why it is ReadWriteMany");
        Volume volume = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null
                        && pvc.getMetadata().getName().equals(v.getPersistentVolumeClaim().getClaimName()))
                .findFirst().orElseThrow(() -> new AssertionError("no volume of claim " + pvc.getMetadata().getName()));
        Set<String> mounted = container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                .filter(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                .map(VolumeMount::getMountPath).collect(Collectors.toSet());
        String staging = configMapProps.get("jouvence.staging.dir");
        assertNotNull(staging, "the ConfigMap sets jouvence.staging.dir");
        assertTrue(mounted.contains(staging), "jouvence.staging.dir " + staging + " is a writable mount of the claim: " + mounted);
        if (Boolean.parseBoolean(props.get("jouvence.import.enabled"))) {
            String importDir = props.get("jouvence.import.dir");
            assertTrue(Path.of(importDir).isAbsolute() && writable(importDir),
                    "jouvence.import.dir " + importDir + " is on a writable volume (the root filesystem is read-only)");
        }
        assertTrue(writable("/tmp"), "/tmp is a writable volume");
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals(mountAt("/tmp").getName())).findFirst().orElseThrow();
        assertNotNull(tmp.getEmptyDir(), "/tmp is an emptyDir");
    }

    /** The pod's volume holding this ConfigMap, directly or as a source of a projected volume. */
    private static Volume volumeOfConfigMap(String name) {
        return pod.getVolumes().stream().filter(v -> configMapsOf(v).contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume of ConfigMap " + name));
    }

    private static Set<String> configMapsOf(Volume v) {
        Set<String> names = new HashSet<>();
        if (v.getConfigMap() != null) {
            names.add(v.getConfigMap().getName());
        }
        if (v.getProjected() != null) {
            v.getProjected().getSources().stream().filter(source -> source.getConfigMap() != null)
                    .forEach(source -> names.add(source.getConfigMap().getName()));
        }
        return names;
    }

    private static VolumeMount mountOf(String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError("volume " + volume + " is not mounted"));
    }

    private static VolumeMount mountAt(String path) {
        return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    }

    /** Whether the path is at or under a mount that is not read-only. */
    private static boolean writable(String path) {
        Path p = Path.of(path).normalize();
        return container.getVolumeMounts().stream().anyMatch(m -> !Boolean.TRUE.equals(m.getReadOnly())
                && p.startsWith(Path.of(m.getMountPath())));
    }

    @Test
    void pods_run_as_non_root_with_a_read_only_root_filesystem() {
        var podSecurity = pod.getSecurityContext();
        assertNotNull(podSecurity, "pod securityContext");
        assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot(), "runAsNonRoot");
        assertEquals(10001L, podSecurity.getRunAsUser(), "runAsUser");
        assertEquals(10001L, podSecurity.getFsGroup(), "fsGroup");
        var security = container.getSecurityContext();
        assertNotNull(security, "container securityContext");
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
        assertNotEquals(Boolean.FALSE, security.getRunAsNonRoot(), "the container does not undo runAsNonRoot");
        assertTrue(security.getRunAsUser() == null || security.getRunAsUser() != 0L, "the container does not run as root");
        assertTrue(security.getCapabilities() != null && security.getCapabilities().getDrop().contains("ALL"),
                "capabilities dropped");
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
    }

    @Test
    void resources_replicas_disruption_budget_and_grace_period() throws Exception {
        assertEquals(2, deployment.getSpec().getReplicas(), "replicas");
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertNotNull(requests.get("cpu"), "cpu request");
        assertNotNull(requests.get("memory"), "memory request");
        assertNotNull(limits.get("memory"), "memory limit (the heap is a percentage of it)");
        assertTrue(Quantity.getAmountInBytes(limits.get("memory")).compareTo(Quantity.getAmountInBytes(requests.get("memory"))) >= 0,
                "memory limit >= request");

        long shutdown = Long.parseLong(props.get("camel.main.shutdown-timeout"));
        assertNotNull(pod.getTerminationGracePeriodSeconds(), "terminationGracePeriodSeconds");
        assertTrue(pod.getTerminationGracePeriodSeconds() >= shutdown,
                "terminationGracePeriodSeconds " + pod.getTerminationGracePeriodSeconds() + " >= camel.main.shutdown-timeout " + shutdown);

        PodDisruptionBudget pdb = load(BASE.resolve("pdb.yaml"), PodDisruptionBudget.class);
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal(), "minAvailable");
        withOnly(podLabels(), pdb.getSpec().getSelector().getMatchLabels());
        withOnly(podLabels(), deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void the_secret_template_holds_placeholders_only_and_reaches_the_pod_as_properties() throws Exception {
        Secret secret = load(BASE.resolve("secret.template.yaml"), Secret.class);
        assertTrue(secret.getData() == null || secret.getData().isEmpty(), "no base64 data: stringData placeholders only");
        Map<String, String> values = secret.getStringData();
        assertNotNull(values, "stringData");
        Set<String> keys = new HashSet<>(values.keySet());
        assertTrue(keys.containsAll(Set.of("JOUVENCE_API_TOKEN", "JOUVENCE_DB_PASSWORD", "JOUVENCE_CLIENT_TOKEN",
                "JOUVENCE_MAIL_SMTP_PASSWORD")), "tokens, database and SMTP passwords: " + keys);
        for (String server : props.get("jouvence.servers").split(",")) {
            assertTrue(keys.contains(envName("jouvence.server." + server.trim() + ".token")),
                    "a token for course server " + server);
        }
        values.forEach((k, v) -> assertTrue(PLACEHOLDER.matcher(v).matches(), k + " holds a placeholder, not a real value"));

        // Each key is the environment variable of a property the service knows, which the ConfigMap leaves empty.
        Map<String, String> byEnv = new HashMap<>();
        props.keySet().forEach(p -> byEnv.put(envName(p), p));
        for (String key : keys) {
            String property = byEnv.get(key);
            assertNotNull(property, key + " names no known property (upper case, dots and dashes as underscores)");
            assertTrue(configMapProps.getOrDefault(property, "").isEmpty(), property + " is a secret: not in the ConfigMap");
        }
        List<String> fromSecrets = new ArrayList<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getSecretRef() != null) {
                fromSecrets.add(source.getSecretRef().getName());
            }
        }
        assertEquals(List.of(secret.getMetadata().getName()), fromSecrets, "the container's envFrom secret");
        List<String> resources = kustomizationResources(BASE);
        assertFalse(resources.contains("secret.template.yaml"), "the template is never applied by kustomize");
    }

    /** Every secret the service knows (a property named …token, …password or …secret) has its key in the template. */
    @Test
    void every_secret_property_has_its_key_in_the_secret_template() throws Exception {
        Set<String> keys = load(BASE.resolve("secret.template.yaml"), Secret.class).getStringData().keySet();
        List<String> missing = new ArrayList<>();
        for (String property : props.keySet()) {
            boolean secret = property.endsWith("token") || property.endsWith("password") || property.endsWith("secret");
            boolean perServer = property.startsWith("jouvence.server."); // one per id of jouvence.servers: above
            if (secret && !perServer && !keys.contains(envName(property))) {
                missing.add(envName(property) + " (" + property + ")");
            }
        }
        assertEquals(List.of(), missing, "secrets without their key in secret.template.yaml");
    }

    private static String envName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Test
    void no_secret_value_in_the_configmap() {
        configMapProps.forEach((k, v) -> {
            if (k.endsWith(".token") || k.endsWith("password")) {
                assertTrue(v.isEmpty(), k + " must come from the Secret, not the ConfigMap");
            }
        });
    }

    @Test
    void the_network_policy_lets_in_the_ingress_and_monitoring_and_out_dns_postgresql_smtp_and_the_moodles() throws Exception {
        NetworkPolicy policy = load(BASE.resolve("networkpolicy.yaml"), NetworkPolicy.class);
        withOnly(podLabels(), policy.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        Map<Integer, Set<String>> ingress = new HashMap<>();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            assertFalse(rule.getFrom().isEmpty(), "every ingress rule names its sources");
            Set<String> namespaces = rule.getFrom().stream().map(peer -> {
                assertNotNull(peer.getNamespaceSelector(), "ingress from a namespace");
                return peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
            }).collect(Collectors.toSet());
            for (NetworkPolicyPort port : rule.getPorts()) {
                ingress.computeIfAbsent(port.getPort().getIntVal(), p -> new HashSet<>()).addAll(namespaces);
            }
        }
        assertEquals(Map.of(Integer.parseInt(props.get("camel.server.port")), Set.of("ingress-nginx"),
                Integer.parseInt(props.get("camel.management.port")), Set.of("monitoring")), ingress, "ingress");

        Set<String> egress = new HashSet<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            for (NetworkPolicyPort port : rule.getPorts()) {
                egress.add(port.getProtocol() + "/" + port.getPort().getIntVal());
            }
        }
        int smtp = Integer.parseInt(props.get("jouvence.mail.smtp.port"));
        int db = Integer.parseInt(props.get("jouvence.db.url").replaceAll(".*://[^:/]+:(\\d+)/.*", "$1"));
        // 6443: the API server behind the kubernetes Service, for the Kubernetes restore driver
        for (String needed : List.of("UDP/53", "TCP/53", "TCP/" + db, "TCP/" + smtp, "TCP/443", "TCP/80", "TCP/6443")) {
            assertTrue(egress.contains(needed), "egress allows " + needed + ": " + egress);
        }
    }

    @Test
    void the_kustomizations_list_every_manifest_and_the_overlay_patches_a_known_deployment() throws Exception {
        Set<String> baseFiles;
        try (Stream<Path> files = Files.list(BASE)) {
            baseFiles = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml") && !f.equals("secret.template.yaml"))
                    .collect(Collectors.toCollection(HashSet::new));
        }
        Set<String> generated = generatorFiles(BASE).keySet();
        assertEquals(Set.of("restore-job.yaml"), generated, "files given to a configMapGenerator");
        baseFiles.removeAll(generated);
        assertEquals(baseFiles, new HashSet<>(kustomizationResources(BASE)), "the base's resources (a generator's "
                + "files are not resources: the restore Job template must never be applied as a Job)");

        Path overlay = K8S.resolve("overlays/example");
        JsonNode kustomization = yaml(overlay.resolve("kustomization.yaml"));
        assertTrue(kustomizationResources(overlay).contains("../../base"), "the overlay builds on the base");
        assertEquals(deployment.getMetadata().getName(), kustomization.path("replicas").path(0).path("name").asText(),
                "the overlay sets the Deployment's replicas");
        assertTrue(kustomization.path("replicas").path(0).path("count").asInt() >= 1);
        Map<Path, Deployment> patches = overlayPatches(overlay);
        assertTrue(patches.size() >= 1, "the overlay patches");
        Set<String> patchedEnv = new HashSet<>();
        patches.forEach((file, d) -> {
            assertEquals(deployment.getMetadata().getName(), d.getMetadata().getName(), file + " patches the Deployment");
            assertEquals(container.getName(), d.getSpec().getTemplate().getSpec().getContainers().get(0).getName(),
                    file + " patches the jouvence container by name");
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> patchedEnv.add(e.getName()));
        });
        Set<String> envOfProperties = props.keySet().stream().map(KubernetesManifestsTest::envName).collect(Collectors.toSet());
        assertTrue(patchedEnv.containsAll(Set.of("JOUVENCE_CLIENT_URL", "JOUVENCE_SERVER_OLD_URL")), "Moodle URLs patched: " + patchedEnv);
        patchedEnv.forEach(e -> assertTrue(envOfProperties.contains(e), e + " overrides a known property"));
    }

    /** The overlay's patches, each a strategic-merge patch of the Deployment (loaded strictly too). */
    private static Map<Path, Deployment> overlayPatches(Path overlay) throws IOException {
        Map<Path, Deployment> patches = new LinkedHashMap<>();
        for (JsonNode patch : yaml(overlay.resolve("kustomization.yaml")).path("patches")) {
            Path file = overlay.resolve(patch.path("path").asText());
            patches.put(file, load(file, Deployment.class));
        }
        return patches;
    }

    // ------------------------------------------------------------------------------------------------ restore Jobs

    @Test
    void the_restore_job_template_is_a_job_the_driver_accepts_reading_the_archive_where_jouvence_writes_it()
            throws Exception {
        Path file = BASE.resolve("restore-job.yaml");
        Job job = load(file, Job.class); // strict: a misspelt field fails
        KubernetesRestoreJob.loadTemplate(file, props.get("jouvence.restore.kubernetes.container")); // the driver's checks
        PodSpec jobPod = job.getSpec().getTemplate().getSpec();
        String name = props.get("jouvence.restore.kubernetes.container");
        Container restore = jobPod.getContainers().stream().filter(c -> name.isEmpty() || c.getName().equals(name))
                .findFirst().orElseThrow();
        assertTrue(restore.getCommand().isEmpty() && restore.getArgs().isEmpty(),
                "no command or args: Jouvence sets the command from jouvence.restore.command");
        assertTrue(restore.getImage().contains("moodle"), "the new Moodle's image: " + restore.getImage());

        // {file} is a path under jouvence.staging.dir: the Job mounts the same claim and sub-directory at that path
        String staging = configMapProps.get("jouvence.staging.dir");
        VolumeMount jouvenceMount = mountAt(staging);
        VolumeMount jobMount = restore.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(staging))
                .findFirst().orElseThrow(() -> new AssertionError("the restore Job mounts nothing at jouvence.staging.dir "
                        + staging + ": " + restore.getVolumeMounts()));
        assertEquals(jouvenceMount.getSubPath(), jobMount.getSubPath(), "the same sub-directory of the claim");
        assertEquals(claimOf(pod, jouvenceMount.getName()), claimOf(jobPod, jobMount.getName()), "the same claim");
        assertEquals(Boolean.TRUE, jobMount.getReadOnly(), "the restore only reads the archive");
        assertTrue(restore.getVolumeMounts().stream().anyMatch(m -> claimOf(jobPod, m.getName()) != null
                && !m.getName().equals(jobMount.getName())), "moodledata is mounted too");

        // {runner}: the init container copies it from Jouvence's image (where the Dockerfile puts it) to a volume that
        // the restore container reads where the overlay's jouvence.restore.runner points
        Container runner = jobPod.getInitContainers().stream().filter(c -> c.getName().equals("runner")).findFirst()
                .orElseThrow(() -> new AssertionError("no init container 'runner' in " + file));
        assertEquals(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), runner.getImage(),
                "the runner comes from the image of the Jouvence that starts the Job");
        String shipped = Files.readAllLines(K8S.resolve("../Dockerfile")).stream()
                .filter(l -> l.startsWith("COPY service/src/main/moodle/jouvence-restore.php ")).findFirst()
                .orElseThrow().split(" ")[2];
        assertEquals(List.of("cp", shipped, "/opt/jouvence/jouvence-restore.php"), runner.getCommand());
        String runnerPath = overlayPatches(K8S.resolve("overlays/example")).values().stream().flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers()
                        .stream()).flatMap(c -> c.getEnv().stream()).filter(e -> e.getName().equals("JOUVENCE_RESTORE_RUNNER"))
                .findFirst().orElseThrow(() -> new AssertionError("the overlay sets no JOUVENCE_RESTORE_RUNNER")).getValue();
        VolumeMount runnerMount = restore.getVolumeMounts().stream().filter(m -> runnerPath.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("the restore container does not mount " + runnerPath));
        assertEquals(runnerMount.getName(), runner.getVolumeMounts().get(0).getName(), "the same volume");
        assertEquals(runnerPath, runner.getVolumeMounts().get(0).getMountPath() + "/jouvence-restore.php");

        // its pods are not Jouvence's pods: no selector of the Service, the budget or the policy picks them
        Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
        for (Map<String, String> selector : List.of(deployment.getSpec().getSelector().getMatchLabels(),
                load(BASE.resolve("service.yaml"), Service.class).getSpec().getSelector(),
                load(BASE.resolve("pdb.yaml"), PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels(),
                load(BASE.resolve("networkpolicy.yaml"), NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels())) {
            assertFalse(labels.entrySet().containsAll(selector.entrySet()), "the restore pods' labels " + labels
                    + " match the selector " + selector);
        }
        assertEquals(Boolean.FALSE, jobPod.getAutomountServiceAccountToken(), "the restore calls no Kubernetes API");
        assertEquals(Boolean.TRUE, jobPod.getSecurityContext().getRunAsNonRoot(), "runAsNonRoot");
        assertEquals(Boolean.FALSE, restore.getSecurityContext().getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
    }

    private static String claimOf(PodSpec spec, String volume) {
        return spec.getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst()
                .map(v -> v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName())
                .orElse(null);
    }

    @Test
    void the_job_template_is_mounted_where_jouvence_restore_kubernetes_job_template_points() throws Exception {
        String configMapName = generatorFiles(BASE).get("restore-job.yaml");
        assertNotNull(configMapName, "restore-job.yaml is given to a configMapGenerator");
        VolumeMount mount = mountOf(volumeOfConfigMap(configMapName).getName());
        assertEquals(props.get("jouvence.restore.kubernetes.job-template"), mount.getMountPath() + "/restore-job.yaml");
    }

    @Test
    void the_role_grants_the_deployments_service_account_exactly_the_kubernetes_drivers_calls() throws Exception {
        Role role = load(BASE.resolve("role.yaml"), Role.class);
        Set<String> granted = new HashSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertTrue(rule.getResourceNames().isEmpty() && rule.getNonResourceURLs().isEmpty(), "plain rules: " + rule);
            rule.getApiGroups().forEach(g -> rule.getResources().forEach(r -> rule.getVerbs().forEach(v ->
                    assertTrue(granted.add(g + " " + r + " " + v), "granted twice: " + g + " " + r + " " + v))));
        }
        Set<String> needed = KubernetesRestoreJob.PERMISSIONS.stream()
                .flatMap(p -> p.verbs().stream().map(v -> p.apiGroup() + " " + p.resource() + " " + v))
                .collect(Collectors.toSet());
        assertEquals(needed, granted, "the Role grants exactly KubernetesRestoreJob.PERMISSIONS");

        String account = pod.getServiceAccountName();
        assertNotNull(account, "the Deployment names its ServiceAccount");
        ServiceAccount serviceAccount = load(BASE.resolve("serviceaccount.yaml"), ServiceAccount.class);
        assertEquals(account, serviceAccount.getMetadata().getName());
        assertEquals(Boolean.FALSE, serviceAccount.getAutomountServiceAccountToken(), "no token unless a pod asks");
        RoleBinding binding = load(BASE.resolve("rolebinding.yaml"), RoleBinding.class);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals("rbac.authorization.k8s.io", binding.getRoleRef().getApiGroup());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size(), "one subject");
        Subject subject = binding.getSubjects().get(0);
        assertEquals("ServiceAccount", subject.getKind());
        assertEquals(account, subject.getName(), "the RoleBinding's subject is the Deployment's serviceAccountName");
        assertNull(subject.getNamespace(), "no namespace: the RoleBinding's own, wherever the overlay puts both");
    }

    @Test
    void the_pod_gets_a_service_account_token_only_where_the_kubernetes_driver_runs() throws Exception {
        String baseDriver = props.get("jouvence.restore.driver");
        assertEquals("kubernetes".equals(baseDriver), Boolean.TRUE.equals(pod.getAutomountServiceAccountToken()),
                "the base: driver " + baseDriver + ", automountServiceAccountToken " + pod.getAutomountServiceAccountToken());
        boolean switched = false;
        for (Map.Entry<Path, Deployment> patch : overlayPatches(K8S.resolve("overlays/example")).entrySet()) {
            PodSpec patched = patch.getValue().getSpec().getTemplate().getSpec();
            String driver = patched.getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals(envName("jouvence.restore.driver"))).map(e -> e.getValue())
                    .findFirst().orElse(baseDriver);
            Boolean automount = patched.getAutomountServiceAccountToken() != null
                    ? patched.getAutomountServiceAccountToken() : pod.getAutomountServiceAccountToken();
            assertEquals("kubernetes".equals(driver), Boolean.TRUE.equals(automount),
                    patch.getKey() + ": driver " + driver + ", automountServiceAccountToken " + automount);
            switched |= "kubernetes".equals(driver);
        }
        assertTrue(switched, "the example overlay runs the restores as Kubernetes Jobs");
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }

    /** The files of the kustomization's configMapGenerator, each with the name of its ConfigMap. */
    private static Map<String, String> generatorFiles(Path dir) throws IOException {
        Map<String, String> files = new HashMap<>();
        for (JsonNode generator : yaml(dir.resolve("kustomization.yaml")).path("configMapGenerator")) {
            for (JsonNode file : generator.path("files")) {
                assertTrue(Files.exists(dir.resolve(file.asText())), dir + ": generator file " + file.asText());
                files.put(file.asText(), generator.path("name").asText());
            }
        }
        return files;
    }

    private static List<String> kustomizationResources(Path dir) throws IOException {
        JsonNode k = yaml(dir.resolve("kustomization.yaml"));
        assertEquals("Kustomization", k.path("kind").asText(), dir + "/kustomization.yaml");
        List<String> resources = new ArrayList<>();
        k.path("resources").forEach(r -> resources.add(r.asText()));
        for (String r : resources) {
            if (!Files.exists(dir.resolve(r))) {
                fail(dir + "/kustomization.yaml lists " + r + ", which does not exist");
            }
        }
        return resources;
    }

    @Test
    void the_dockerfile_builds_a_non_root_jre_17_image_exposing_the_configured_ports() throws Exception {
        String docker = Files.readString(Path.of("..", "Dockerfile"));
        assertTrue(docker.contains("FROM maven:3.9-eclipse-temurin-17 AS build"), "build stage");
        assertTrue(docker.contains("mvn -B -q -pl service -am -DskipTests package"), "build command: the product module");
        assertTrue(docker.contains("FROM eclipse-temurin:17-jre"), "JRE 17 runtime stage");
        assertTrue(docker.contains("COPY --from=build /src/service/target/jouvence.jar")
                && docker.contains("COPY --from=build /src/service/target/lib/"), "the product's jar and its lib/");
        assertFalse(docker.contains("simulator/target") || docker.contains("demo/target"),
                "neither the simulator nor the demo reaches the image");
        assertTrue(Pattern.compile("(?m)^USER 10001(:10001)?$").matcher(docker).find(), "USER 10001");
        assertTrue(Pattern.compile("(?m)^USER ").matcher(docker.substring(docker.lastIndexOf("FROM "))).find(),
                "the runtime stage switches user");
        assertTrue(docker.contains("ENTRYPOINT [\"java\",\"-XX:MaxRAMPercentage=75\",\"-jar\",\"/app/jouvence.jar\"]"),
                "ENTRYPOINT");
        assertTrue(docker.contains("EXPOSE " + props.get("camel.server.port") + " " + props.get("camel.management.port")),
                "EXPOSE the API and management ports");
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser(), "the pod's user is the image's");
    }
}
