package io.coffer.key.usage;

import io.coffer.events.Database;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each key's last successful cryptographic operation, for GetKeyLastUsage. Cryptographic calls only note it in
 * memory (they are the hot path and write nothing else); a flush every second writes the newest use per key, and
 * the newest write wins across replicas. A crash can lose at most the last second's notes: last use is a hint for
 * finding unused keys, not a record — the audit trail is the record.
 */
@ApplicationScoped
public class KeyLastUsage {

    /** One use of a key: the operation (GetKeyLastUsage's wire name), when, and its CloudTrail and request IDs. */
    public record Use(String operation, Instant at, UUID cloudTrailEventId, String requestId) {
    }

    private final Database database;
    private final Map<UUID, Use> pending = new ConcurrentHashMap<>();

    public KeyLastUsage(Database database) {
        this.database = database;
    }

    /** Notes a use; an older use noted later (calls finish out of order) does not replace a newer one. */
    public void used(UUID keyId, Use use) {
        pending.merge(keyId, use, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    /** The key's last use, if it was used since tracking began. */
    public Optional<Use> lastUse(UUID keyId) {
        Optional<Use> stored = database.first("""
                select operation, used_at, cloudtrail_event_id, request_id from kms_key_last_usage where key_id = ?""",
                row -> new Use(row.getString(1), row.getTimestamp(2).toInstant(),
                        row.getObject(3, UUID.class), row.getString(4)), keyId);
        Use noted = pending.get(keyId);
        if (noted == null) {
            return stored;
        }
        return Optional.of(stored.filter(s -> s.at().isAfter(noted.at())).orElse(noted));
    }

    /** When this KMS began tracking use (its first start with this feature). */
    public Instant trackingStart() {
        return database.first("select started_at from kms_usage_tracking where id = 1",
                row -> row.getTimestamp(1).toInstant()).orElseThrow();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        for (Map.Entry<UUID, Use> entry : pending.entrySet()) {
            Use use = entry.getValue();
            database.update("""
                    insert into kms_key_last_usage (key_id, operation, used_at, cloudtrail_event_id, request_id)
                    values (?, ?, ?, ?, ?) on conflict (key_id) do update set operation = excluded.operation,
                        used_at = excluded.used_at, cloudtrail_event_id = excluded.cloudtrail_event_id,
                        request_id = excluded.request_id
                    where kms_key_last_usage.used_at < excluded.used_at""",
                    entry.getKey(), use.operation(), use.at(), use.cloudTrailEventId(), use.requestId());
            pending.remove(entry.getKey(), use);
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        flush();
    }
}
