package io.coffer.repo.regionkey;

import io.coffer.kernel.AwsException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Each account and region's aws/codecommit key, as key-service announced it. */
@ApplicationScoped
public class RegionKeys {

    private static final Duration POLL = Duration.ofMillis(25);

    private final EntityManager em;

    public RegionKeys(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> arnFor(String accountId, String region) {
        @SuppressWarnings("unchecked")
        List<String> arns = em.createNativeQuery("select key_arn from region_key where account_id = ?1 and region = ?2")
                .setParameter(1, accountId)
                .setParameter(2, region)
                .getResultList();
        return arns.stream().findFirst();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void record(String accountId, String region, String keyArn) {
        em.createNativeQuery("""
                insert into region_key (account_id, region, key_arn) values (?1, ?2, ?3)
                on conflict (account_id, region) do nothing""")
                .setParameter(1, accountId)
                .setParameter(2, region)
                .setParameter(3, keyArn)
                .executeUpdate();
    }

    /**
     * Waits until key-service has announced the region's key. Works across replicas: it reads the projection, which
     * every replica's consumer fills.
     *
     * @throws AwsException {@code onTimeout} when the key does not arrive within {@code timeout}
     */
    public String await(String accountId, String region, Duration timeout, Supplier<AwsException> onTimeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> arn = QuarkusTransaction.requiringNew().call(() -> arnFor(accountId, region));
            if (arn.isPresent()) {
                return arn.get();
            }
            if (System.nanoTime() > deadline) {
                throw onTimeout.get();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw onTimeout.get();
            }
        }
    }
}
