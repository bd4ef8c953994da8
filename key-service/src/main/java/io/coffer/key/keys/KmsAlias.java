package io.coffer.key.keys;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An alias of a key, unique per account and region. */
@Entity
@Table(name = "kms_alias")
public class KmsAlias extends PanacheEntityBase {

    @EmbeddedId
    public AliasId id;
    @Column(name = "key_id")
    public UUID keyId;
    @Column(name = "creation_date")
    public Instant creationDate;

    public String arn() {
        return "arn:aws:kms:" + id.region + ":" + id.accountId + ":" + id.aliasName;
    }

    /** Account, region and alias name. */
    @Embeddable
    public static class AliasId implements Serializable {
        @Column(name = "account_id")
        public String accountId;
        public String region;
        @Column(name = "alias_name")
        public String aliasName;

        @Override
        public boolean equals(Object o) {
            return o instanceof AliasId other && Objects.equals(accountId, other.accountId)
                    && Objects.equals(region, other.region) && Objects.equals(aliasName, other.aliasName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, region, aliasName);
        }
    }
}
