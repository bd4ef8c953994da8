package io.coffer.key.keys;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The read model of a KMS key, projected from its events. */
@Entity
@Table(name = "kms_key")
public class KmsKey extends PanacheEntityBase {

    @Id
    @Column(name = "key_id")
    public UUID keyId;
    public String arn;
    @Column(name = "account_id")
    public String accountId;
    public String region;
    @Column(name = "key_manager")
    public String keyManager;
    @Column(name = "key_state")
    public String keyState;
    @Column(name = "key_spec")
    public String keySpec;
    @Column(name = "key_usage")
    public String keyUsage;
    public String origin;
    public String description;
    @Column(name = "creation_date")
    public Instant creationDate;
}
