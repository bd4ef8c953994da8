package io.coffer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coffer.platform.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each Kustomize overlay with {@code kubectl kustomize} (offline) and loads every object with the fabric8
 * Kubernetes model, then checks what a platform team relies on: probes, limits, non-root and read-only containers,
 * the images {@link ImageBuilder} builds, no secret outside Secrets, replicas and disruption budgets, and network
 * policies that deny by default.
 */
class KubernetesManifestsTest {

    static final Path KUBERNETES = Path.of("kubernetes").toAbsolutePath();
    static final List<String> SERVICES = ImageBuilder.SERVICES.stream().map(ImageBuilder.Service::name).toList();
    /** Configuration keys whose values would be secrets (paths to secret files are fine). */
    static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passwd|token|private|credential).*");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Secrets that operators make: Strimzi's cluster CA, CloudNativePG's app user and CA. */
    private static final Set<String> OPERATOR_SECRETS = Set.of("coffer-kafka-cluster-ca-cert", "coffer-db-app",
            "coffer-db-ca");

    @Test
    void givenEveryManifestFile_whenLoadedWithTheKubernetesModel_thenEachParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(KUBERNETES)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        assertTrue(files.size() >= 12, files.toString());
        for (Path file : files) {
            List<HasMetadata> objects = load(Files.readString(file));
            assertFalse(objects.isEmpty(), file.toString());
            objects.forEach(o -> assertNotNull(o.getKind(), file + ": an object without kind"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void givenOverlay_whenRendered_thenEveryServiceIsProbedLimitedNonRootAndRunsTheBuiltImage(String overlay)
            throws Exception {
        Rendered rendered = render(overlay);
        String version = System.getProperty("coffer.version");
        for (String service : SERVICES) {
            Deployment deployment = rendered.one(Deployment.class, service);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container app = pod.getContainers().get(0);
            assertTrue(app.getImage().matches("(.+/)?" + Pattern.quote(ImageBuilder.imageName(service)) + ":"
                    + Pattern.quote(version)), service + " runs " + app.getImage());
            assertProbe(app.getStartupProbe(), "/q/health/started", service);
            assertProbe(app.getLivenessProbe(), "/q/health/live", service);
            assertProbe(app.getReadinessProbe(), "/q/health/ready", service);
            for (String resource : List.of("cpu", "memory")) {
                assertNotNull(app.getResources().getRequests().get(resource), service + " requests " + resource);
                assertNotNull(app.getResources().getLimits().get(resource), service + " limits " + resource);
            }
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), service);
            assertEquals(ImageBuilder.USER, pod.getSecurityContext().getRunAsUser() + ":"
                    + pod.getSecurityContext().getRunAsGroup(), service);
            assertEquals(Boolean.TRUE, app.getSecurityContext().getReadOnlyRootFilesystem(), service);
            assertEquals(Boolean.FALSE, app.getSecurityContext().getAllowPrivilegeEscalation(), service);
            assertEquals(List.of("ALL"), app.getSecurityContext().getCapabilities().getDrop(), service);
            assertTrue(app.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                    service + " has a writable /tmp");
            // its own identity, which cannot call the Kubernetes API
            assertEquals(service, pod.getServiceAccountName());
            assertEquals(Boolean.FALSE, rendered.one(ServiceAccount.class, service).getAutomountServiceAccountToken());
            // reachable, scalable, and never all down at once
            Service reachable = rendered.one(Service.class, service);
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(), reachable.getSpec().getSelector());
            HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class, service);
            assertEquals(service, hpa.getSpec().getScaleTargetRef().getName());
            PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class, service);
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                    pdb.getSpec().getSelector().getMatchLabels());
            assertReferencesExist(rendered, pod, service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void givenOverlay_whenRendered_thenNoSecretValueIsInAConfigMapAnEnvironmentLiteralOrASecretObject(
            String overlay) throws Exception {
        Rendered rendered = render(overlay);
        assertEquals(List.of(), rendered.all(Secret.class), "secrets come from a secret store or an operator");
        for (ConfigMap config : rendered.all(ConfigMap.class)) {
            config.getData().forEach((key, value) -> assertFalse(SECRET_KEY.matcher(key).matches()
                    && !value.startsWith("/"), config.getMetadata().getName() + " holds " + key));
        }
        for (Deployment deployment : rendered.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    assertFalse(SECRET_KEY.matcher(env.getName()).matches() && env.getValue() != null,
                            deployment.getMetadata().getName() + " sets " + env.getName() + " in plain text");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void givenOverlay_whenRendered_thenTrafficIsDeniedByDefaultAndCryptoServiceOnlyTakesRepoService(String overlay)
            throws Exception {
        Rendered rendered = render(overlay);
        NetworkPolicy deny = rendered.one(NetworkPolicy.class, "coffer-default-deny");
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null
                || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertEquals(Set.of("Ingress", "Egress"), new HashSet<>(deny.getSpec().getPolicyTypes()));
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());
        NetworkPolicy crypto = rendered.one(NetworkPolicy.class, "crypto-service");
        assertEquals(1, crypto.getSpec().getIngress().size());
        assertEquals(Map.of("app.kubernetes.io/name", "repo-service"), crypto.getSpec().getIngress().get(0)
                .getFrom().get(0).getPodSelector().getMatchLabels());
    }

    @Test
    void givenProdOverlay_whenRendered_thenTlsEverywhereReplicatedAndKeysOnlyFromSecrets() throws Exception {
        Rendered prod = render("prod");
        Map<String, String> config = prod.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("coffer-config")).findFirst().orElseThrow()
                .getData();
        assertFalse(config.getOrDefault("QUARKUS_PROFILE", "prod").contains("plain-http"));
        assertEquals("false", config.get("COFFER_ROOT_KEY_GENERATE"));
        assertEquals("false", config.get("COFFER_AUDIT_DIGEST_SIGNING_KEY_GENERATE"));
        assertTrue(config.get("JAVA_TOOL_OPTIONS").contains("-Dkafka.security.protocol=SSL"));
        assertTrue(config.get("JAVA_TOOL_OPTIONS").contains("sslmode=verify-full"));
        for (String url : List.of("COFFER_REPO_KEY_SERVICE_URL", "COFFER_REPO_GIT_CRYPTO_SERVICE_URL",
                "COFFER_CRYPTO_KEY_SERVICE_URL")) {
            assertTrue(config.get(url).startsWith("https://"), url);
        }
        for (String service : SERVICES) {
            Deployment deployment = prod.one(Deployment.class, service);
            assertTrue(deployment.getSpec().getReplicas() >= 2, service);
            assertTrue(prod.one(HorizontalPodAutoscaler.class, service).getSpec().getMinReplicas() >= 2, service);
            Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (Probe probe : List.of(app.getStartupProbe(), app.getLivenessProbe(), app.getReadinessProbe())) {
                assertEquals("HTTPS", probe.getHttpGet().getScheme(), service);
            }
        }
        // the root key file is in a Secret's volume, and never generated
        PodSpec key = prod.one(Deployment.class, "key-service").getSpec().getTemplate().getSpec();
        String rootKeyDirectory = Path.of(config.get("COFFER_ROOT_KEY_FILE")).getParent().toString();
        String volume = key.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(rootKeyDirectory)).findFirst().orElseThrow().getName();
        assertEquals("coffer-root-key", key.getVolumes().stream().filter(v -> v.getName().equals(volume))
                .findFirst().orElseThrow().getSecret().getSecretName());
        // every topic the services use, replicated for scale-out
        Map<String, GenericKubernetesResource> topics = new HashMap<>();
        prod.generic("KafkaTopic").forEach(t -> topics.put(field(t, "spec", "topicName"), t));
        for (String topic : List.of(Topics.REPOSITORY_EVENTS, Topics.KEY_EVENTS, Topics.CRYPTO_EVENTS,
                Topics.AUDIT_RECORDS, Topics.IDENTITY_EVENTS)) {
            for (String name : List.of(topic, topic + ".dlq")) {
                GenericKubernetesResource kafkaTopic = topics.get(name);
                assertNotNull(kafkaTopic, "no KafkaTopic " + name);
                assertEquals(3, ((Number) kafkaTopic.get("spec", "replicas")).intValue(), name);
                assertTrue(((Number) kafkaTopic.get("spec", "partitions")).intValue() >= 3, name);
            }
        }
        assertEquals(1, prod.generic("Kafka").size());
        assertEquals(1, prod.generic("Cluster").size(), "the CloudNativePG cluster");
    }

    @Test
    void givenDevOverlay_whenRendered_thenKafkaAndPostgresRunInTheNamespace() throws Exception {
        Rendered dev = render("dev");
        List<String> statefulSets = dev.objects().stream().filter(o -> o.getKind().equals("StatefulSet"))
                .map(o -> o.getMetadata().getName()).sorted().toList();
        assertEquals(List.of("kafka", "postgres"), statefulSets);
        // the keys' and blobs' volumes are ReadWriteOnce: no new pod may wait for the old one's volume
        dev.all(Deployment.class).forEach(d -> assertEquals("Recreate", d.getSpec().getStrategy().getType()));
        dev.objects().forEach(o -> assertTrue(o.getKind().equals("Namespace")
                || "coffer-dev".equals(o.getMetadata().getNamespace()), o.getKind() + " " + o.getMetadata().getName()));
    }

    private static void assertProbe(Probe probe, String path, String service) {
        assertNotNull(probe, service + " has no probe on " + path);
        assertEquals(path, probe.getHttpGet().getPath(), service);
        assertEquals("https", probe.getHttpGet().getPort().getStrVal(), service);
    }

    /** Every ConfigMap, Secret and claim a pod names is in the rendering, or made by a store or an operator. */
    private static void assertReferencesExist(Rendered rendered, PodSpec pod, String service) {
        Set<String> configMaps = new HashSet<>();
        rendered.all(ConfigMap.class).forEach(c -> configMaps.add(c.getMetadata().getName()));
        Set<String> secrets = new HashSet<>(OPERATOR_SECRETS);
        rendered.generic("ExternalSecret").forEach(s -> secrets.add(field(s, "spec", "target", "name")));
        rendered.generic("Certificate").forEach(c -> secrets.add(field(c, "spec", "secretName")));
        Set<String> claims = new HashSet<>();
        rendered.objects().stream().filter(o -> o.getKind().equals("PersistentVolumeClaim"))
                .forEach(c -> claims.add(c.getMetadata().getName()));
        Container app = pod.getContainers().get(0);
        app.getEnvFrom().forEach(e -> assertTrue(configMaps.contains(e.getConfigMapRef().getName()), service));
        if (app.getEnv() != null) {
            app.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> assertTrue(secrets.contains(e.getValueFrom().getSecretKeyRef().getName()),
                            service + " reads missing Secret " + e.getValueFrom().getSecretKeyRef().getName()));
        }
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                assertTrue(secrets.contains(volume.getSecret().getSecretName()),
                        service + " mounts missing Secret " + volume.getSecret().getSecretName());
            }
            if (volume.getPersistentVolumeClaim() != null) {
                assertTrue(claims.contains(volume.getPersistentVolumeClaim().getClaimName()),
                        service + " mounts missing claim " + volume.getPersistentVolumeClaim().getClaimName());
            }
        }
    }

    private static String field(GenericKubernetesResource resource, String... path) {
        Object value = resource.get((Object[]) path);
        return String.valueOf(value);
    }

    /** The objects of one rendered overlay. */
    record Rendered(List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            List<T> named = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
            assertEquals(1, named.size(), type.getSimpleName() + " " + name);
            return named.get(0);
        }

        List<GenericKubernetesResource> generic(String kind) {
            return all(GenericKubernetesResource.class).stream().filter(o -> o.getKind().equals(kind)).toList();
        }
    }

    /** {@code kubectl kustomize} of the overlay, as {@code kubectl apply -k} would send it. */
    static Rendered render(String overlay) throws Exception {
        assumeTrue(kubectl(), "kubectl is not installed: the manifests were only loaded one by one");
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", KUBERNETES.resolve("overlays")
                .resolve(overlay).toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String yaml = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, kustomize.waitFor(), "kubectl kustomize " + overlay + " failed");
        return new Rendered(load(yaml));
    }

    static List<HasMetadata> load(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.strip().isEmpty() && document.lines().anyMatch(l -> l.startsWith("kind:"))) {
                objects.add(SERIALIZATION.unmarshal(document));
            }
        }
        return objects;
    }

    private static boolean kubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
