package io.coffer.repo.comment;

import io.coffer.aws.AwsTimestamps;
import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.Events;
import io.coffer.events.Topics;
import io.coffer.events.contract.CommentEvent;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.repo.comment.CommentDecider.CommentCommand;
import io.coffer.repo.comment.CommentRequests.CommentView;
import io.coffer.repo.comment.CommentViews.CommentRow;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Loads comments from their event streams, appends what {@link CommentDecider} decides, and shows them as CodeCommit
 * does, their content opened through crypto-service for the caller. A comment is found only in the caller's account
 * and region, and only while its repository exists.
 */
@ApplicationScoped
class CommentStore {

    private final EventStore store;
    private final EventCodec codec;
    private final CommentProjector projector;
    private final CommentViews views;
    private final RepositoryQueries repositories;
    private final RepositoryStorage storage;

    CommentStore(EventStore store, EventCodec codec, CommentProjector projector, CommentViews views,
            RepositoryQueries repositories, RepositoryStorage storage) {
        this.store = store;
        this.codec = codec;
        this.projector = projector;
        this.views = views;
        this.repositories = repositories;
        this.storage = storage;
    }

    /** A comment's repository, events and state, as read in one call. */
    record Loaded(StoredRepository repository, String commentId, CommentState state) {
    }

    /** The caller's comment {@code commentId}; with {@code lock}, its row is locked until the transaction ends. */
    @Transactional(Transactional.TxType.SUPPORTS)
    Loaded load(Caller caller, String commentId, boolean lock) {
        UUID id = parseId(commentId);
        Optional<CommentRow> row = lock ? views.lock(caller.accountId(), caller.region(), id)
                : views.find(caller.accountId(), caller.region(), id);
        return row.flatMap(this::load).orElseThrow(() -> CommentErrors.doesNotExist(commentId));
    }

    Optional<Loaded> load(CommentRow row) {
        return repositories.stored(row.repositoryId()).map(repository -> new Loaded(repository,
                row.commentId().toString(), CommentState.fold(store.load(CommentEvent.AGGREGATE,
                        row.commentId().toString()).stream().map(projector::decode).flatMap(Optional::stream)
                        .toList())));
    }

    static UUID parseId(String commentId) {
        if (commentId == null || commentId.isEmpty()) {
            throw CommentErrors.commentIdRequired();
        }
        try {
            UUID id = UUID.fromString(commentId);
            if (!id.toString().equals(commentId.toLowerCase(Locale.ROOT))) {
                throw CommentErrors.invalidCommentId();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw CommentErrors.invalidCommentId();
        }
    }

    /** Appends what the decider makes of {@code command} after the comment's events; the comment as it is now. */
    @Transactional(Transactional.TxType.MANDATORY)
    Loaded decideAndAppend(Caller caller, StoredRepository repository, String commentId, CommentState state,
            CommentCommand command) {
        List<CommentEvent> decided = CommentDecider.decide(command, state);
        List<EventEnvelope> events = Events.caused(caller, CommentEvent.AGGREGATE, commentId, state.version(),
                decided, codec);
        CommentState after = state;
        for (CommentEvent event : decided) {
            after = CommentState.evolve(after, event);
        }
        if (!events.isEmpty()) {
            store.append(Topics.REPOSITORY_EVENTS, repository.repositoryId(), events);
            events.forEach(projector::apply);
        }
        return new Loaded(repository, commentId, after);
    }

    String seal(Caller caller, StoredRepository repository, String content) {
        return storage.sealText(caller, repository, content);
    }

    /** Comments as CodeCommit shows them to the caller, their contents opened together. */
    List<CommentView> views(Caller caller, StoredRepository repository, Collection<CommentState> comments) {
        Map<String, String> texts;
        try {
            texts = storage.openTexts(caller, repository, comments.stream().map(CommentState::sealedContent)
                    .filter(Objects::nonNull).toList());
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
        String me = caller.principal().arn();
        return comments.stream().map(c -> {
            Map<String, Integer> counts = new TreeMap<>();
            c.reactions().values().forEach(r -> counts.merge(r.toUpperCase(Locale.ROOT), 1, Integer::sum));
            String mine = c.reactions().get(me);
            return new CommentView(c.posted().commentId(), c.sealedContent() == null ? null
                    : texts.get(c.sealedContent()), c.posted().inReplyTo(),
                    AwsTimestamps.epochSeconds(c.posted().postedAt()),
                    AwsTimestamps.epochSeconds(c.lastModifiedDate()), c.posted().authorArn(), c.deleted(),
                    c.posted().clientRequestToken(),
                    mine == null ? List.of() : List.of(mine.toUpperCase(Locale.ROOT)), counts);
        }).toList();
    }

    CommentView view(Caller caller, Loaded loaded) {
        return views(caller, loaded.repository(), List.of(loaded.state())).get(0);
    }
}
