package io.coffer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coffer.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
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
import java.util.Locale;
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
 * the images {@link ImageBuilder} builds (pinned by digest in prod), no secret outside Secrets, replicas and disruption
 * budgets, network policies that deny by default and name every destination, metrics open to the scraper alone, and
 * a way in for each public API but none for crypto-service.
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
    /** Each service's management port (quarkus.management.port in its application.properties): /q/metrics. */
    static final Map<String, Integer> METRICS_PORTS = Map.of("repo-service", 9181, "key-service", 9182,
            "crypto-service", 9183, "audit-service", 9184, "console", 9185);
    /** The labels of the Prometheus pods that may scrape the metrics ports. */
    static final Map<String, String> SCRAPER = Map.of("app.kubernetes.io/name", "prometheus");
    static final String DIGEST = "@sha256:[0-9a-f]{64}";

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
            // dev runs the tag the build made; prod pins the image by the digest the build printed
            assertTrue(app.getImage().matches("(.+/)?" + Pattern.quote(ImageBuilder.imageName(service)) + "(:"
                    + Pattern.quote(version) + "|" + DIGEST + ")"), service + " runs " + app.getImage());
            assertProbe(app.getStartupProbe(), "/q/health/started", app, service);
            assertProbe(app.getLivenessProbe(), "/q/health/live", app, service);
            assertProbe(app.getReadinessProbe(), "/q/health/ready", app, service);
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
            // on ports the container names (an overlay renaming one must rename both)
            Set<String> portNames = new HashSet<>();
            app.getPorts().forEach(p -> portNames.add(p.getName()));
            for (ServicePort port : reachable.getSpec().getPorts()) {
                assertTrue(portNames.contains(port.getTargetPort().getStrVal()),
                        service + "'s Service targets " + port.getTargetPort() + ", not one of " + portNames);
            }
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
                "COFFER_CRYPTO_KEY_SERVICE_URL", "COFFER_REPO_CLONE_URL_BASE")) {
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
        // Git data in S3 over HTTPS, so replicas on any node share it: no volume claim, and a way out to port 443
        assertEquals("s3", config.get("COFFER_REPO_GIT_BLOB_STORE"));
        assertTrue(config.get("COFFER_REPO_GIT_S3_ENDPOINT").startsWith("https://"));
        PodSpec repo = prod.one(Deployment.class, "repo-service").getSpec().getTemplate().getSpec();
        assertTrue(repo.getVolumes().stream().allMatch(v -> v.getPersistentVolumeClaim() == null), "no claim");
        assertTrue(prod.all(PersistentVolumeClaim.class).isEmpty());
        assertTrue(egress(prod.one(NetworkPolicy.class, "repo-service")).stream()
                .anyMatch(r -> admits(r.getPorts(), 443, "") && r.getTo().get(0).getIpBlock() != null));
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

    @Test
    void givenDevOverlay_whenRendered_thenServicesAreProbedAndClonedOverPlainHttpOnPortsNamedHttp() throws Exception {
        Rendered dev = render("dev");
        Map<String, String> config = config(dev);
        assertEquals("plain-http", config.get("QUARKUS_PROFILE"));
        // the clone URLs the CodeCommit API hands out must say what repo-service serves here
        assertTrue(config.get("COFFER_REPO_CLONE_URL_BASE").startsWith("http://"),
                config.get("COFFER_REPO_CLONE_URL_BASE"));
        String version = System.getProperty("coffer.version");
        for (String service : SERVICES) {
            Container app = dev.one(Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().get(0);
            // a port named https served in plain text misleads every reader, mesh and scraper of the pod
            assertEquals("http", app.getPorts().get(0).getName(), service);
            assertTrue(app.getPorts().stream().noneMatch(p -> "https".equals(p.getName())), service);
            for (Probe probe : List.of(app.getStartupProbe(), app.getLivenessProbe(), app.getReadinessProbe())) {
                assertEquals("HTTP", probe.getHttpGet().getScheme(), service);
                assertEquals("http", probe.getHttpGet().getPort().getStrVal(), service);
            }
            assertEquals("http", dev.one(Service.class, service).getSpec().getPorts().get(0).getName(), service);
            // dev stays usable with the tag the build made (images loaded into the cluster, not pushed)
            assertTrue(app.getImage().endsWith(":" + version), service + " runs " + app.getImage());
        }
    }

    @Test
    void givenProdOverlay_whenRendered_thenEveryImageIsPinnedByDigest() throws Exception {
        Rendered prod = render("prod");
        List<Deployment> deployments = prod.all(Deployment.class);
        assertEquals(SERVICES.size(), deployments.size());
        for (Deployment deployment : deployments) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String name = deployment.getMetadata().getName() + "/" + container.getName();
                // a tag can be moved to other content; a digest names exactly one image
                assertTrue(container.getImage().matches(".+" + DIGEST), name + " runs " + container.getImage());
                // which never changes, so a node pulls it once
                assertEquals("IfNotPresent", container.getImagePullPolicy(), name);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void givenOverlay_whenRendered_thenEveryEgressRuleNamesItsDestinationsAndTheServicesReachKafkaAndPostgres(
            String overlay) throws Exception {
        Rendered rendered = render(overlay);
        for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
            String name = policy.getMetadata().getName();
            for (NetworkPolicyEgressRule rule : egress(policy)) {
                // a rule without "to" lets the pods out to any address, in the cluster and beyond it
                assertTrue(rule.getTo() != null && !rule.getTo().isEmpty(), name + " has an egress rule open to all");
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    boolean pods = peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() != null
                            && !peer.getPodSelector().getMatchLabels().isEmpty();
                    boolean range = peer.getIpBlock() != null && !peer.getIpBlock().getCidr().endsWith("/0");
                    assertTrue(pods || range, name + " lets pods out to " + peer);
                }
                assertTrue(rule.getPorts() != null && !rule.getPorts().isEmpty(), name + " opens every port");
            }
        }
        // narrowed, not shut: every service still reaches this overlay's Kafka and PostgreSQL
        Map<String, String> config = config(rendered);
        int kafkaPort = Integer.parseInt(config.get("KAFKA_BOOTSTRAP_SERVERS").replaceAll(".*:", ""));
        int postgresPort = Integer.parseInt(config.get("COFFER_DB_PORT"));
        Map<String, String> kafka;
        Map<String, String> postgres;
        if (overlay.equals("dev")) {
            kafka = rendered.one(StatefulSet.class, "kafka").getSpec().getTemplate().getMetadata().getLabels();
            postgres = rendered.one(StatefulSet.class, "postgres").getSpec().getTemplate().getMetadata().getLabels();
        } else {
            // the labels Strimzi and CloudNativePG put on the pods they run
            kafka = Map.of("strimzi.io/cluster", rendered.generic("Kafka").get(0).getMetadata().getName());
            postgres = Map.of("cnpg.io/cluster", rendered.generic("Cluster").get(0).getMetadata().getName());
        }
        for (String service : SERVICES) {
            Map<String, String> labels = podLabels(rendered, service);
            List<NetworkPolicyEgressRule> rules = new ArrayList<>();
            rendered.all(NetworkPolicy.class).stream().filter(p -> selects(p.getSpec().getPodSelector(), labels))
                    .forEach(p -> rules.addAll(egress(p)));
            assertTrue(rules.stream().anyMatch(r -> reaches(r, kafka, kafkaPort)), service + " cannot reach Kafka");
            assertTrue(rules.stream().anyMatch(r -> reaches(r, postgres, postgresPort)),
                    service + " cannot reach PostgreSQL");
            if (overlay.equals("prod")) {
                // and, once its address is filled in, a broker or a database outside the cluster
                for (int port : List.of(kafkaPort, postgresPort)) {
                    assertTrue(rules.stream().anyMatch(r -> admits(r.getPorts(), port, "")
                            && r.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null)),
                            service + " has no address range for port " + port);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void givenOverlay_whenRendered_thenMetricsPortsAreReachableFromTheScraperOnly(String overlay) throws Exception {
        Rendered rendered = render(overlay);
        // the management interface listens on loopback unless told otherwise
        assertEquals("0.0.0.0", config(rendered).get("QUARKUS_MANAGEMENT_HOST"));
        for (String service : SERVICES) {
            int metrics = METRICS_PORTS.get(service);
            Container app = rendered.one(Deployment.class, service).getSpec().getTemplate().getSpec().getContainers()
                    .get(0);
            ContainerPort port = app.getPorts().stream().filter(p -> "metrics".equals(p.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " names no metrics port"));
            assertEquals(metrics, port.getContainerPort(), service);
            Map<String, String> labels = podLabels(rendered, service);
            int admitting = 0;
            for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
                if (!selects(policy.getSpec().getPodSelector(), labels) || policy.getSpec().getIngress() == null) {
                    continue;
                }
                for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                    if (!admits(rule.getPorts(), metrics, "metrics")) {
                        continue;
                    }
                    admitting++;
                    // plain HTTP, unauthenticated: whatever opens it names the scraper as its only source
                    String name = policy.getMetadata().getName();
                    assertTrue(rule.getFrom() != null && !rule.getFrom().isEmpty(),
                            name + " opens " + service + "'s metrics to all");
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertNull(peer.getIpBlock(), name);
                        assertNotNull(peer.getPodSelector(), name + " opens " + service + "'s metrics to " + peer);
                        assertEquals(SCRAPER, peer.getPodSelector().getMatchLabels(), name);
                    }
                }
            }
            assertTrue(admitting > 0, "the scraper cannot reach " + service + "'s metrics");
            // never through the Service: prod's repo-service Service is a public load balancer
            for (ServicePort exposed : rendered.one(Service.class, service).getSpec().getPorts()) {
                assertFalse(exposed.getPort() == metrics || "metrics".equals(exposed.getTargetPort().getStrVal())
                        || Integer.valueOf(metrics).equals(exposed.getTargetPort().getIntVal()), service);
            }
        }
    }

    @Test
    void givenProdOverlay_whenRendered_thenTheKmsAndCloudTrailApisHaveAWayInAndCryptoServiceNone() throws Exception {
        Rendered prod = render("prod");
        Set<String> dnsNames = new HashSet<>();
        for (GenericKubernetesResource certificate : prod.generic("Certificate")) {
            Object names = certificate.get("spec", "dnsNames");
            ((List<?>) names).forEach(n -> dnsNames.add(String.valueOf(n)));
        }
        Set<String> backends = new HashSet<>();
        for (Ingress ingress : prod.all(Ingress.class)) {
            String name = ingress.getMetadata().getName();
            // TLS ends at the service itself (SigV4 and the certificate are checked there): passed through, not ended
            assertEquals("true", ingress.getMetadata().getAnnotations()
                    .get("nginx.ingress.kubernetes.io/ssl-passthrough"), name);
            for (IngressRule rule : ingress.getSpec().getRules()) {
                // the service's certificate must name the host the SDK asks for
                assertTrue(dnsNames.contains(rule.getHost()), name + ": " + rule.getHost() + " not in " + dnsNames);
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    IngressServiceBackend backend = path.getBackend().getService();
                    backends.add(backend.getName());
                    assertEquals("https", backend.getPort().getName(), name);
                }
            }
        }
        assertEquals(Set.of("key-service", "audit-service", "console"), backends);
        // crypto-service stays internal: no Ingress (above), no Gateway API route, no external Service
        for (String kind : List.of("HTTPRoute", "TLSRoute", "TCPRoute", "GRPCRoute")) {
            for (GenericKubernetesResource route : prod.generic(kind)) {
                Object spec = route.get("spec");
                assertFalse(String.valueOf(spec).contains("crypto-service"),
                        kind + " " + route.getMetadata().getName());
            }
        }
        String type = prod.one(Service.class, "crypto-service").getSpec().getType();
        assertTrue(type == null || type.equals("ClusterIP"), type);
        // the ingress controller, in its own namespace, gets through the public APIs' network policies
        for (String service : List.of("key-service", "audit-service")) {
            int port = ImageBuilder.SERVICES.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow()
                    .ports().get(0);
            assertTrue(prod.one(NetworkPolicy.class, service).getSpec().getIngress().stream()
                    .anyMatch(r -> (r.getFrom() == null || r.getFrom().isEmpty())
                            && admits(r.getPorts(), port, "https")),
                    service + " is closed to the ingress controller");
        }
    }

    private static void assertProbe(Probe probe, String path, Container app, String service) {
        assertNotNull(probe, service + " has no probe on " + path);
        assertEquals(path, probe.getHttpGet().getPath(), service);
        // on the main port (never the management one), in the scheme its name says: HTTPS on https, HTTP on http
        String port = probe.getHttpGet().getPort().getStrVal();
        assertTrue(Set.of("http", "https").contains(port), service + " probes port " + port);
        int main = ImageBuilder.SERVICES.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow()
                .ports().get(0);
        assertTrue(app.getPorts().stream().anyMatch(p -> port.equals(p.getName()) && p.getContainerPort() == main),
                service + " names no port " + port + " " + main);
        assertEquals(port.toUpperCase(Locale.ROOT), probe.getHttpGet().getScheme(), service + " probes " + port);
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

    private static Map<String, String> config(Rendered rendered) {
        return rendered.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().startsWith("coffer-config"))
                .findFirst().orElseThrow().getData();
    }

    private static Map<String, String> podLabels(Rendered rendered, String service) {
        return rendered.one(Deployment.class, service).getSpec().getTemplate().getMetadata().getLabels();
    }

    private static List<NetworkPolicyEgressRule> egress(NetworkPolicy policy) {
        return policy.getSpec().getEgress() == null ? List.of() : policy.getSpec().getEgress();
    }

    /** Whether the selector picks pods with these labels (an empty one picks all). */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        assertTrue(selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(),
                "matchExpressions are not evaluated here: " + selector);
        Map<String, String> match = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return labels.entrySet().containsAll(match.entrySet());
    }

    /** Whether an egress rule lets the pods out to pods in their namespace with these labels, on this port. */
    private static boolean reaches(NetworkPolicyEgressRule rule, Map<String, String> labels, int port) {
        return admits(rule.getPorts(), port, "") && rule.getTo() != null && rule.getTo().stream()
                .anyMatch(peer -> peer.getNamespaceSelector() == null && selects(peer.getPodSelector(), labels));
    }

    /** Whether a rule's ports take this port, by number, range or name (no ports: every port). */
    private static boolean admits(List<NetworkPolicyPort> ports, int number, String name) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(p -> p.getPort() == null
                || (p.getPort().getIntVal() != null && p.getPort().getIntVal() <= number
                        && number <= (p.getEndPort() == null ? p.getPort().getIntVal() : p.getEndPort()))
                || name.equals(p.getPort().getStrVal()));
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
