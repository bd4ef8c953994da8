package io.coffer.audit.keys;

import io.coffer.events.Database;
import io.coffer.events.EventCodec;
import io.coffer.events.EventConsumer;
import io.coffer.events.Topics;
import io.coffer.events.contract.AliasCreated;
import io.coffer.events.contract.AliasDeleted;
import io.coffer.events.contract.AliasUpdated;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.EventEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the current target of every alias from key-service's events, so a query may name a key by alias. An alias
 * moving between keys produces events on two aggregates that may arrive in either order; a deletion therefore only
 * removes the alias if it still points at the key the deletion came from.
 */
@ApplicationScoped
public class AliasProjection {

    private static final String CONSUMER = "audit-service.key-aliases";

    private final EventConsumer consumer;
    private final EventCodec codec;
    private final Database database;

    public AliasProjection(EventConsumer consumer, EventCodec codec, Database database) {
        this.consumer = consumer;
        this.codec = codec;
        this.database = database;
    }

    @Incoming("key-events")
    @Blocking
    public void on(String record) {
        consumer.consume(CONSUMER, Topics.KEY_EVENTS, record, this::apply);
    }

    private void apply(EventEnvelope event) {
        switch (event.type()) {
            case KeyProvisioned.TYPE -> {
                String alias = codec.payload(event, KeyProvisioned.class).aliasName();
                if (alias != null) {
                    pointAt(event, alias);
                }
            }
            case AliasCreated.TYPE -> pointAt(event, codec.payload(event, AliasCreated.class).aliasName());
            case AliasUpdated.TYPE -> pointAt(event, codec.payload(event, AliasUpdated.class).aliasName());
            case AliasDeleted.TYPE -> database.update(
                    "delete from key_alias where account_id = ? and region = ? and alias_name = ? and key_id = ?",
                    event.accountId(), event.region(), codec.payload(event, AliasDeleted.class).aliasName(),
                    event.aggregateId());
            default -> {
                // other key events say nothing about aliases
            }
        }
    }

    private void pointAt(EventEnvelope event, String alias) {
        database.update("""
                insert into key_alias (account_id, region, alias_name, key_id) values (?, ?, ?, ?)
                on conflict (account_id, region, alias_name) do update set key_id = excluded.key_id""",
                event.accountId(), event.region(), alias, event.aggregateId());
    }
}
