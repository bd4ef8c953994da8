package io.coffer.repo.template;

import io.coffer.events.DatabaseException;
import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.Events;
import io.coffer.events.Topics;
import io.coffer.events.contract.ApprovalRuleTemplateEvent;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.repo.repository.RepositoryNames;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import io.coffer.repo.template.TemplateDecider.Associate;
import io.coffer.repo.template.TemplateDecider.Create;
import io.coffer.repo.template.TemplateDecider.Delete;
import io.coffer.repo.template.TemplateDecider.Disassociate;
import io.coffer.repo.template.TemplateDecider.Rename;
import io.coffer.repo.template.TemplateDecider.TemplateCommand;
import io.coffer.repo.template.TemplateDecider.UpdateContent;
import io.coffer.repo.template.TemplateDecider.UpdateDescription;
import io.coffer.repo.template.TemplateRequests.ApprovalRuleTemplateResponse;
import io.coffer.repo.template.TemplateRequests.BatchAssociateResponse;
import io.coffer.repo.template.TemplateRequests.BatchDisassociateResponse;
import io.coffer.repo.template.TemplateRequests.BatchError;
import io.coffer.repo.template.TemplateRequests.CreateApprovalRuleTemplateRequest;
import io.coffer.repo.template.TemplateRequests.DeleteApprovalRuleTemplateResponse;
import io.coffer.repo.template.TemplateRequests.TemplateNameRequest;
import io.coffer.repo.template.TemplateRequests.TemplateRepositoriesRequest;
import io.coffer.repo.template.TemplateRequests.TemplateRepositoryRequest;
import io.coffer.repo.template.TemplateRequests.UpdateApprovalRuleTemplateContentRequest;
import io.coffer.repo.template.TemplateRequests.UpdateApprovalRuleTemplateDescriptionRequest;
import io.coffer.repo.template.TemplateRequests.UpdateApprovalRuleTemplateNameRequest;
import io.coffer.repo.template.TemplateViews.TemplateRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The approval rule template commands of the CodeCommit API: each decides on the template's events
 * ({@link TemplateDecider}) and appends them, with the read model, in the caller's transaction.
 */
@ApplicationScoped
public class TemplateCommands {

    /** CodeCommit's limit on the repositories of one batch call. */
    static final int MAX_BATCH = 25;

    private final EventStore store;
    private final EventCodec codec;
    private final TemplateProjector projector;
    private final TemplateViews views;
    private final TemplateQueries queries;
    private final RepositoryQueries repositories;

    public TemplateCommands(EventStore store, EventCodec codec, TemplateProjector projector, TemplateViews views,
            TemplateQueries queries, RepositoryQueries repositories) {
        this.store = store;
        this.codec = codec;
        this.projector = projector;
        this.views = views;
        this.queries = queries;
        this.repositories = repositories;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ApprovalRuleTemplateResponse create(Caller caller, CreateApprovalRuleTemplateRequest request) {
        String name = TemplateDecider.name(request.approvalRuleTemplateName());
        boolean taken = views.findByName(caller.accountId(), caller.region(), name).isPresent();
        String id = UUID.randomUUID().toString();
        try {
            append(caller, id, TemplateState.NONE, new Create(id, name, request.approvalRuleTemplateDescription(),
                    request.approvalRuleTemplateContent(), caller.principal().arn(),
                    views.count(caller.accountId(), caller.region()), taken, now()));
        } catch (DatabaseException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // a concurrent create of the same name committed first
            throw TemplateErrors.nameAlreadyExists(name);
        }
        return queries.get(caller, new TemplateNameRequest(name));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ApprovalRuleTemplateResponse rename(Caller caller, UpdateApprovalRuleTemplateNameRequest request) {
        String newName = TemplateDecider.name(request.newApprovalRuleTemplateName());
        Locked template = lock(caller, request.oldApprovalRuleTemplateName());
        boolean taken = !newName.equals(template.state().name())
                && views.findByName(caller.accountId(), caller.region(), newName).isPresent();
        try {
            decide(caller, template, new Rename(newName, taken, caller.principal().arn(), now()));
        } catch (DatabaseException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            throw TemplateErrors.nameAlreadyExists(newName);
        }
        return queries.get(caller, new TemplateNameRequest(newName));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ApprovalRuleTemplateResponse updateDescription(Caller caller,
            UpdateApprovalRuleTemplateDescriptionRequest request) {
        Locked template = lock(caller, request.approvalRuleTemplateName());
        decide(caller, template, new UpdateDescription(request.approvalRuleTemplateDescription(),
                caller.principal().arn(), now()));
        return queries.get(caller, new TemplateNameRequest(template.state().name()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ApprovalRuleTemplateResponse updateContent(Caller caller, UpdateApprovalRuleTemplateContentRequest request) {
        Locked template = lock(caller, request.approvalRuleTemplateName());
        decide(caller, template, new UpdateContent(request.newRuleContent(), request.existingRuleContentSha256(),
                caller.principal().arn(), now()));
        return queries.get(caller, new TemplateNameRequest(template.state().name()));
    }

    /** Deletes a template no existing repository is associated with; deleting one that is not there succeeds. */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeleteApprovalRuleTemplateResponse delete(Caller caller, TemplateNameRequest request) {
        String name = TemplateDecider.name(request.approvalRuleTemplateName());
        Optional<TemplateRow> row = views.lockByName(caller.accountId(), caller.region(), name);
        if (row.isEmpty()) {
            return new DeleteApprovalRuleTemplateResponse(null);
        }
        Locked template = load(row.get());
        decide(caller, template, new Delete(views.repositoryCount(row.get().id()), now()));
        return new DeleteApprovalRuleTemplateResponse(row.get().id().toString());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Void associate(Caller caller, TemplateRepositoryRequest request) {
        Locked template = lock(caller, request.approvalRuleTemplateName());
        associate(caller, template, repositories.stored(caller, request.repositoryName()));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Void disassociate(Caller caller, TemplateRepositoryRequest request) {
        Locked template = lock(caller, request.approvalRuleTemplateName());
        disassociate(caller, template, repositories.stored(caller, request.repositoryName()));
        return null;
    }

    /** Associates the template with each repository it can; the others are answered as errors. */
    @Transactional(Transactional.TxType.MANDATORY)
    public BatchAssociateResponse batchAssociate(Caller caller, TemplateRepositoriesRequest request) {
        List<String> done = new ArrayList<>();
        List<BatchError> errors = batch(caller, request, (template, repository) -> {
            associate(caller, template, repository);
            done.add(repository.name());
        });
        return new BatchAssociateResponse(done, errors);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public BatchDisassociateResponse batchDisassociate(Caller caller, TemplateRepositoriesRequest request) {
        List<String> done = new ArrayList<>();
        List<BatchError> errors = batch(caller, request, (template, repository) -> {
            disassociate(caller, template, repository);
            done.add(repository.name());
        });
        return new BatchDisassociateResponse(done, errors);
    }

    private List<BatchError> batch(Caller caller, TemplateRepositoriesRequest request,
            BiConsumer<Locked, StoredRepository> apply) {
        List<String> names = request.repositoryNames();
        if (names == null || names.isEmpty()) {
            throw TemplateErrors.repositoryNamesRequired();
        }
        if (names.size() > MAX_BATCH) {
            throw TemplateErrors.tooManyRepositoryNames(MAX_BATCH);
        }
        String template = request.approvalRuleTemplateName();
        // a template that is not there fails the whole call, not each repository
        lock(caller, template);
        List<BatchError> errors = new ArrayList<>();
        for (String name : names.stream().distinct().toList()) {
            // looked up without a refusal, which would mark the whole call's transaction for rollback
            Optional<StoredRepository> repository = RepositoryNames.wellFormed(name)
                    ? repositories.idOf(caller, name).flatMap(id -> repositories.stored(UUID.fromString(id)))
                    : Optional.empty();
            if (repository.isEmpty()) {
                errors.add(new BatchError(name, "RepositoryDoesNotExistException", name + " does not exist"));
                continue;
            }
            try {
                // the template as the previous repository left it
                apply.accept(lock(caller, template), repository.get());
            } catch (AwsException e) {
                errors.add(new BatchError(name, e.errorType(), e.getMessage()));
            }
        }
        return errors;
    }

    private void associate(Caller caller, Locked template, StoredRepository repository) {
        decide(caller, template, new Associate(repository.repositoryId(),
                views.ofRepository(UUID.fromString(repository.repositoryId())).size(), now()));
    }

    private void disassociate(Caller caller, Locked template, StoredRepository repository) {
        decide(caller, template, new Disassociate(repository.repositoryId(), now()));
    }

    /** A template, its row locked, and its state as its events leave it. */
    private record Locked(String id, TemplateState state) {
    }

    private Locked lock(Caller caller, String name) {
        String valid = TemplateDecider.name(name);
        return load(views.lockByName(caller.accountId(), caller.region(), valid)
                .orElseThrow(() -> TemplateErrors.doesNotExist(valid)));
    }

    private Locked load(TemplateRow row) {
        String id = row.id().toString();
        return new Locked(id, TemplateState.fold(store.load(ApprovalRuleTemplateEvent.AGGREGATE, id).stream()
                .map(projector::decode).flatMap(Optional::stream).toList()));
    }

    private void decide(Caller caller, Locked template, TemplateCommand command) {
        append(caller, template.id(), template.state(), command);
    }

    private void append(Caller caller, String id, TemplateState state, TemplateCommand command) {
        List<EventEnvelope> events = Events.caused(caller, ApprovalRuleTemplateEvent.AGGREGATE, id,
                state.version(), TemplateDecider.decide(command, state), codec);
        if (!events.isEmpty()) {
            store.append(Topics.REPOSITORY_EVENTS, events);
            events.forEach(projector::apply);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
