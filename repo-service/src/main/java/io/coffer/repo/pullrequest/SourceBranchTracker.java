package io.coffer.repo.pullrequest;

import io.coffer.events.EventCodec;
import io.coffer.events.EventConsumer;
import io.coffer.events.Topics;
import io.coffer.kernel.Actor;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.Principal;
import io.coffer.repo.commit.Revisions;
import io.coffer.repo.git.refs.RefsUpdated;
import io.coffer.repo.pullrequest.PullRequestDecider.RecordMerge;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateSource;
import io.coffer.repo.pullrequest.PullRequestStore.Loaded;
import io.coffer.repo.pullrequest.PullRequestViews.PullRequestRow;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps open pull requests in step with their branches, from the reflog (RefsUpdated) on the repository topic: a
 * source branch that moved makes a new revision (PullRequestSourceReferenceUpdated), and a source that became part of
 * its destination, by a push or a branch merge, merges the pull request (PullRequestMerged without a merge option).
 * It compares each pull request with its branches as they are now, so a replayed or late event changes nothing.
 */
@ApplicationScoped
public class SourceBranchTracker {

    private static final String CONSUMER = "repo-service.pull-request-branches";

    private final EventConsumer consumer;
    private final EventCodec codec;
    private final PullRequestViews views;
    private final PullRequestStore pullRequests;
    private final Revisions revisions;
    private final BranchAncestry ancestry;

    public SourceBranchTracker(EventConsumer consumer, EventCodec codec, PullRequestViews views,
            PullRequestStore pullRequests, Revisions revisions, BranchAncestry ancestry) {
        this.consumer = consumer;
        this.codec = codec;
        this.views = views;
        this.pullRequests = pullRequests;
        this.revisions = revisions;
        this.ancestry = ancestry;
    }

    @Incoming("ref-updates")
    @Blocking
    public void on(String record) {
        consumer.consume(CONSUMER, Topics.REPOSITORY_EVENTS, record, this::apply);
    }

    private void apply(EventEnvelope event) {
        if (!RefsUpdated.AGGREGATE.equals(event.aggregateType()) || !RefsUpdated.TYPE.equals(event.type())) {
            return;
        }
        RefsUpdated refs = codec.payload(event, RefsUpdated.class);
        // the pushers' own access reads the branches, as their push did
        Caller pusher = caller(event);
        for (RefsUpdated.Update update : refs.updates()) {
            if (!update.ref().startsWith(Constants.R_HEADS)) {
                continue;
            }
            for (PullRequestRow row : views.openOn(UUID.fromString(refs.repositoryId()), update.ref())) {
                views.lock(row.accountId(), row.region(), row.pullRequestId()).flatMap(pullRequests::load)
                        .ifPresent(loaded -> follow(pusher, loaded));
            }
        }
    }

    private void follow(Caller pusher, Loaded loaded) {
        PullRequestState state = loaded.state();
        if (!state.open()) {
            return;
        }
        Optional<ObjectId> source = revisions.tip(loaded.repository(),
                PullRequestCommands.branchOf(state.created().sourceReference()));
        Optional<ObjectId> destination = revisions.tip(loaded.repository(),
                PullRequestCommands.branchOf(state.created().destinationReference()));
        if (source.isEmpty() || destination.isEmpty()) {
            // a deleted branch leaves the pull request as it was, as in CodeCommit
            return;
        }
        BranchAncestry.Relation relation = ancestry.relate(pusher, loaded.repository(), source.get(),
                destination.get());
        Loaded now = loaded;
        if (!source.get().name().equals(state.sourceCommit())) {
            now = pullRequests.decideAndAppend(pusher, now, new UpdateSource(source.get().name(),
                    destination.get().name(), relation.mergeBase(),
                    PullRequestCommands.revisionId(loaded.id(), source.get().name(), state.version() + 1), now()));
        }
        if (relation.merged()) {
            pullRequests.decideAndAppend(pusher, now, new RecordMerge(null, null, pusher.principal().arn(),
                    destination.get().name(), now()));
        }
    }

    /** The caller whose push an event records. */
    private static Caller caller(EventEnvelope event) {
        Actor actor = event.actor();
        return new Caller(new Principal(actor.accountId(), actor.userName(), actor.accessKeyId()), event.region(),
                "codecommit", actor.sourceIp(), actor.userAgent(), event.correlationId(), actor.invokedBy());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
