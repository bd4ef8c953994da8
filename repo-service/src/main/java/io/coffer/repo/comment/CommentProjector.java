package io.coffer.repo.comment;

import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.RebuildableReadModel;
import io.coffer.events.contract.CommentEvent;
import io.coffer.events.contract.CommentPosted;
import io.coffer.kernel.EventEnvelope;
import io.coffer.repo.comment.CommentViews.CommentRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies CommentPosted to the {@code comment} table in the transaction that stores it (later events change nothing
 * the table holds); {@link #rebuild} drops the table and replays the event store.
 */
@ApplicationScoped
public class CommentProjector implements RebuildableReadModel {

    private final EventCodec codec;
    private final EventStore store;
    private final CommentViews views;

    public CommentProjector(EventCodec codec, EventStore store, CommentViews views) {
        this.codec = codec;
        this.store = store;
        this.views = views;
    }

    /** The Comment event an envelope carries, if it carries one. */
    Optional<CommentEvent> decode(EventEnvelope envelope) {
        if (!CommentEvent.AGGREGATE.equals(envelope.aggregateType())) {
            return Optional.empty();
        }
        return CommentEvent.payloadType(envelope.type()).map(type -> codec.payload(envelope, type));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope envelope) {
        decode(envelope).filter(CommentPosted.class::isInstance).map(CommentPosted.class::cast)
                .ifPresent(posted -> views.insert(new CommentRow(UUID.fromString(posted.commentId()),
                        envelope.accountId(), envelope.region(), UUID.fromString(posted.repositoryId()),
                        posted.pullRequestId() == null ? null : Long.valueOf(posted.pullRequestId()),
                        posted.beforeCommitId(), posted.afterCommitId(), posted.authorArn(),
                        posted.clientRequestToken()), posted.postedAt()));
    }

    @Override
    public String name() {
        return "comments";
    }

    @Override
    @Transactional
    public long rebuild() {
        views.deleteAll();
        return store.replay(this::apply);
    }
}
