package io.coffer.repo.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The read model of a repository, projected from its events. */
@Entity
@Table(name = "repository")
public class RepositoryView extends PanacheEntityBase {

    @Id
    @Column(name = "repository_id")
    public UUID repositoryId;
    @Column(name = "account_id")
    public String accountId;
    public String region;
    public String name;
    public String description;
    public String arn;
    /** A customer-managed key chosen for this repository; null means the region's aws/codecommit key. */
    @Column(name = "kms_key_id")
    public String kmsKeyId;
    @Column(name = "creation_date")
    public Instant creationDate;
    @Column(name = "last_modified")
    public Instant lastModified;

    public static Optional<RepositoryView> findByName(String accountId, String region, String name) {
        return find("accountId = ?1 and region = ?2 and name = ?3", accountId, region, name).firstResultOptional();
    }

    /** As {@link #findByName}, locking the row until the transaction ends: one writer per repository at a time. */
    public static Optional<RepositoryView> lockByName(String accountId, String region, String name) {
        return find("accountId = ?1 and region = ?2 and name = ?3", accountId, region, name)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
