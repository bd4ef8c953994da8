package io.coffer.events;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates Coffer's topics and their dead-letter topics at startup, with the broker's default partition count and
 * replication factor, so that the first event on a fresh cluster is not held up (and its outbox transaction not
 * failed) by a topic being auto-created under it. A broker that is not reachable yet only delays this to the
 * producers' own retries: startup goes on.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final List<String> TOPICS = List.of(Topics.REPOSITORY_EVENTS, Topics.TRIGGER_EVENTS,
            Topics.KEY_EVENTS, Topics.CRYPTO_EVENTS, Topics.AUDIT_RECORDS, Topics.IDENTITY_EVENTS);

    private final Map<String, Object> kafka;

    public TopicProvisioner(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    void onStart(@Observes StartupEvent started) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : TOPICS) {
            topics.add(new NewTopic(topic, Optional.empty(), Optional.empty()));
            topics.add(new NewTopic(topic + ".dlq", Optional.empty(), Optional.empty()));
        }
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(topics).values().forEach((topic, created) -> {
                try {
                    created.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("topic %s not created at startup (producers will retry): %s", topic, e.getCause());
                    }
                } catch (Exception e) {
                    LOG.warnf("topic %s not created at startup (producers will retry): %s", topic, e.toString());
                }
            });
        }
    }
}
