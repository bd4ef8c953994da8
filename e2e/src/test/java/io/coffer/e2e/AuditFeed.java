package io.coffer.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.events.EventCodec;
import io.coffer.events.Topics;
import io.coffer.kernel.Actor;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
import io.coffer.testsupport.KafkaBroker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Feeds CloudTrail records of KMS calls straight into {@code coffer.audit.records}, as key-service sends them. */
final class AuditFeed implements AutoCloseable {

    static final String ACCOUNT_ID = "111122223333";
    private static final Actor ADMIN = new Actor("IAMUser", "arn:aws:iam::111122223333:user/admin", ACCOUNT_ID,
            "admin", "AKIAIOSFODNN7EXAMPLE", "127.0.0.1", "feed", "codecommit.amazonaws.com");
    private static final String[] OPERATIONS = {"GenerateDataKey", "Decrypt", "Decrypt", "Decrypt"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;
    private final EventCodec codec = new EventCodec(new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    AuditFeed() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends {@code n} records of KMS calls for the given repositories (round robin), a millisecond apart from
     * {@code start}, and waits until Kafka has acknowledged all of them.
     */
    void send(int n, List<String> repositoryIds, String region, Instant start) throws Exception {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = start.plusMillis(i);
            String repositoryId = repositoryIds.get(i % repositoryIds.size());
            ObjectNode parameters = JSON.createObjectNode().put("keyId", "alias/aws/codecommit");
            parameters.putObject("encryptionContext").put("aws:codecommit:id", repositoryId);
            String keyArn = "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":key/feed-" + (i % 7);
            CloudTrailRecord record = CloudTrailRecord.apiCall(UuidV7.next(), at, ADMIN, region, "kms.amazonaws.com",
                    OPERATIONS[i % OPERATIONS.length], true).requestParameters(parameters)
                    .resource(keyArn, "AWS::KMS::Key");
            EventEnvelope envelope = new EventEnvelope(record.eventId(), AuditTrail.RECORD_TYPE, 1, "Account",
                    ACCOUNT_ID, 0, at, ACCOUNT_ID, region, ADMIN, "feed", record.toJson());
            sent.add(producer.send(new ProducerRecord<>(Topics.AUDIT_RECORDS, ACCOUNT_ID, codec.encode(envelope))));
            if (sent.size() >= 10_000) {
                await(sent);
            }
        }
        await(sent);
    }

    private static void await(List<Future<?>> sent) throws Exception {
        for (Future<?> future : sent) {
            future.get();
        }
        sent.clear();
    }

    @Override
    public void close() {
        producer.close();
    }
}
