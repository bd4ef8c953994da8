package io.coffer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, read as Compose reads it (YAML with anchors and merge keys), against the same rules as the
 * Kubernetes manifests: the built images, read-only and non-root, no secret values, and the same configuration keys.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void givenComposeFile_whenRead_thenEachServiceRunsItsBuiltImageReadOnlyAsItsUser() throws IOException {
        Map<String, Map<String, Object>> services = services();
        String version = System.getProperty("coffer.version");
        for (String name : KubernetesManifestsTest.SERVICES) {
            Map<String, Object> service = services.get(name);
            assertNotNull(service, name);
            assertEquals(ImageBuilder.imageName(name) + ":" + version, service.get("image"), name);
            assertEquals(Boolean.TRUE, service.get("read_only"), name);
            assertTrue(((List<?>) service.get("tmpfs")).contains("/tmp"), name);
            // the image's user (185) unless overridden, and never root
            Object user = service.get("user");
            assertTrue(user == null || !(user.toString().equals("0") || user.toString().startsWith("root")), name);
            assertFalse(service.containsKey("command") || service.containsKey("entrypoint"),
                    name + " runs the image's own entrypoint");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenComposeFile_whenEnvironmentRead_thenNoSecretValuesAndOnlyKeysTheManifestsKnow() throws Exception {
        Set<String> manifestKeys = new HashSet<>();
        for (String overlay : List.of("dev", "prod")) {
            KubernetesManifestsTest.render(overlay).all(ConfigMap.class)
                    .forEach(c -> manifestKeys.addAll(c.getData().keySet()));
        }
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            Map<String, Object> environment = (Map<String, Object>) service.getValue().get("environment");
            if (environment == null) {
                continue;
            }
            environment.forEach((key, value) -> assertFalse(KubernetesManifestsTest.SECRET_KEY.matcher(key).matches()
                    && !String.valueOf(value).startsWith("/"), service.getKey() + " sets " + key + " in plain text"));
            if (KubernetesManifestsTest.SERVICES.contains(service.getKey())) {
                Set<String> unknown = new HashSet<>(environment.keySet());
                unknown.removeAll(manifestKeys);
                assertEquals(Set.of(), unknown, service.getKey() + " uses keys the Kubernetes manifests do not");
            }
        }
    }
}
