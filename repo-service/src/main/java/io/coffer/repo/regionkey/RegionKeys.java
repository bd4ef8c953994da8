package io.coffer.repo.regionkey;

import io.coffer.events.Database;
import io.coffer.kernel.AwsException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Each account and region's aws/codecommit key, as key-service announced it. */
@ApplicationScoped
public class RegionKeys {

    private static final Duration POLL = Duration.ofMillis(25);

    private final Database database;

    public RegionKeys(Database database) {
        this.database = database;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> arnFor(String accountId, String region) {
        return database.first("select key_arn from region_key where account_id = ? and region = ?",
                row -> row.getString(1), accountId, region);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void record(String accountId, String region, String keyArn) {
        database.update("""
                insert into region_key (account_id, region, key_arn) values (?, ?, ?)
                on conflict (account_id, region) do nothing""", accountId, region, keyArn);
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
