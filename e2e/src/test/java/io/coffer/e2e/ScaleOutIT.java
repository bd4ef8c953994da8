package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.testsupport.LocalIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Scale-out on one broker and one database: two key-service and two audit-service instances serve at once. Every
 * call answered by either key-service is on the audit trail exactly once, while each audit-service in turn crashes
 * under load and the other takes its partitions over, and both audit-services answer LookupEvents alike.
 */
class ScaleOutIT {

    private static final String REGION = "eu-north-1";
    private static final int CALLERS = 4;
    private static final int CALLS_PER_PHASE = 60;
    private static final Map<String, String> CONTEXT = Map.of("aws:codecommit:id", "scale-out");

    private static CofferStack stack;
    private static ServiceProcess auditB;

    @BeforeAll
    static void start() throws Exception {
        stack = new CofferStack();
        auditB = stack.anotherAuditService("audit-service-b");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenTwoKeyServicesAndTwoAuditServices_whenEachAuditServiceCrashesInTurnUnderLoad_thenEveryCallIsAuditedOnce()
            throws Exception {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try (KmsClient keyA = kms(stack.keyA); KmsClient keyB = kms(stack.keyB)) {
            String keyId = keyA.createKey(r -> r.description("scale-out")).keyMetadata().keyId();
            List<KmsClient> both = List.of(keyA, keyB);

            answered.addAll(calls(both, keyId));
            stack.audit.kill();
            answered.addAll(calls(both, keyId));
            stack.audit.start().awaitReady(Duration.ofSeconds(120));
            auditB.kill();
            answered.addAll(calls(both, keyId));
            auditB.start().awaitReady(Duration.ofSeconds(120));
            answered.addAll(calls(both, keyId));

            AuditedCalls audited = new AuditedCalls(stack);
            assertEquals(4 * CALLERS * CALLS_PER_PHASE, answered.size());
            assertEquals(0, audited.awaitAudited(answered, Duration.ofSeconds(120)), "calls missing from the trail");
            assertEquals(0, audited.duplicates(answered), "calls on the trail twice");

            String keyArn = keyA.describeKey(r -> r.keyId(keyId)).keyMetadata().arn();
            List<String> throughA = newestEventIds(stack.audit, keyArn);
            assertEquals(50, throughA.size());
            assertEquals(throughA, newestEventIds(auditB, keyArn));
        }
    }

    /** {@value #CALLERS} callers, each making {@value #CALLS_PER_PHASE} calls alternately on both key-services. */
    private static List<String> calls(List<KmsClient> keyServices, String keyId) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<List<String>>> requestIds = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                requestIds.add(callers.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < CALLS_PER_PHASE; i++) {
                        KmsClient kms = keyServices.get((caller + i) % keyServices.size());
                        SdkBytes plaintext = SdkBytes.fromUtf8String("scale " + i);
                        ids.add(kms.encrypt(r -> r.keyId(keyId).plaintext(plaintext)
                                .encryptionContext(CONTEXT)).responseMetadata().requestId());
                    }
                    return ids;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> ids : requestIds) {
                all.addAll(ids.get());
            }
            assertTrue(all.stream().noneMatch(id -> id == null || id.isEmpty()), "every answer names its request");
            return all;
        } finally {
            callers.shutdown();
        }
    }

    private static List<String> newestEventIds(ServiceProcess auditService, String keyArn) {
        try (CloudTrailClient cloudTrail = CloudTrailClient.builder().endpointOverride(auditService.uri("/"))
                .region(Region.of(REGION)).credentialsProvider(LocalIdentity.credentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return cloudTrail.lookupEvents(r -> r.maxResults(50).lookupAttributes(a -> a
                    .attributeKey(LookupAttributeKey.RESOURCE_NAME).attributeValue(keyArn)))
                    .events().stream().map(Event::eventId).toList();
        }
    }

    private static KmsClient kms(ServiceProcess keyService) {
        return KmsClient.builder().endpointOverride(keyService.uri("/")).region(Region.of(REGION))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
