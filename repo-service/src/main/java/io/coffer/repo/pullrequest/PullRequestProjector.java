package io.coffer.repo.pullrequest;

import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.RebuildableReadModel;
import io.coffer.events.contract.PullRequestCreated;
import io.coffer.events.contract.PullRequestEvent;
import io.coffer.events.contract.PullRequestMerged;
import io.coffer.events.contract.PullRequestStatusChanged;
import io.coffer.kernel.EventEnvelope;
import io.coffer.repo.pullrequest.PullRequestViews.PullRequestRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies PullRequest events to the {@code pull_request} table in the transaction that stores them; {@link #rebuild}
 * drops the table and replays the event store. Rows of a deleted repository stay: queries find pull requests only
 * through their repository, and the repository's deletion shredded their texts.
 */
@ApplicationScoped
public class PullRequestProjector implements RebuildableReadModel {

    private final EventCodec codec;
    private final EventStore store;
    private final PullRequestViews views;

    public PullRequestProjector(EventCodec codec, EventStore store, PullRequestViews views) {
        this.codec = codec;
        this.store = store;
        this.views = views;
    }

    /** The PullRequest event an envelope carries, if it carries one. */
    Optional<PullRequestEvent> decode(EventEnvelope envelope) {
        if (!PullRequestEvent.AGGREGATE.equals(envelope.aggregateType())) {
            return Optional.empty();
        }
        return PullRequestEvent.payloadType(envelope.type()).map(type -> codec.payload(envelope, type));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope envelope) {
        decode(envelope).ifPresent(event -> apply(envelope, event));
    }

    private void apply(EventEnvelope envelope, PullRequestEvent event) {
        long id = Long.parseLong(envelope.aggregateId());
        if (event instanceof PullRequestCreated created) {
            views.insert(new PullRequestRow(id, envelope.accountId(), envelope.region(),
                    UUID.fromString(created.repositoryId()), created.authorArn(), PullRequestState.OPEN,
                    created.sourceReference(), created.destinationReference(), created.clientRequestToken()),
                    created.creationDate());
        } else if (event instanceof PullRequestStatusChanged changed) {
            views.update(id, changed.pullRequestStatus(), changed.changedAt());
        } else if (event instanceof PullRequestMerged) {
            views.update(id, PullRequestState.CLOSED, envelope.occurredAt());
        } else {
            views.update(id, null, envelope.occurredAt());
        }
    }

    @Override
    public String name() {
        return "pull-requests";
    }

    @Override
    @Transactional
    public long rebuild() {
        views.deleteAll();
        return store.replay(this::apply);
    }
}
