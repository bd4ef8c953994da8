package io.coffer.repo.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.contract.RepositoryTriggersUpdated;
import io.coffer.events.contract.RepositoryTriggersUpdated.Trigger;
import io.coffer.kernel.Caller;
import io.coffer.kernel.UuidV7;
import io.coffer.repo.repository.RepositoryCommands;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.RepositoryViews;
import io.coffer.repo.repository.StoredRepository;
import io.coffer.repo.trigger.TriggerRequests.ExecutionFailure;
import io.coffer.repo.trigger.TriggerRequests.GetRepositoryTriggersRequest;
import io.coffer.repo.trigger.TriggerRequests.GetRepositoryTriggersResponse;
import io.coffer.repo.trigger.TriggerRequests.PutRepositoryTriggersResponse;
import io.coffer.repo.trigger.TriggerRequests.TestRepositoryTriggersResponse;
import io.coffer.repo.trigger.TriggerRequests.TriggersRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** PutRepositoryTriggers, GetRepositoryTriggers and TestRepositoryTriggers. */
@ApplicationScoped
public class TriggerCommands {

    private final RepositoryCommands commands;
    private final RepositoryQueries repositories;
    private final RepositoryViews views;
    private final TriggerDestinations destinations;
    private final ObjectMapper json;

    public TriggerCommands(RepositoryCommands commands, RepositoryQueries repositories, RepositoryViews views,
            TriggerDestinations destinations, ObjectMapper json) {
        this.commands = commands;
        this.repositories = repositories;
        this.views = views;
        this.destinations = destinations;
        this.json = json;
    }

    /** Replaces the repository's triggers, each checked first; an empty list removes them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public PutRepositoryTriggersResponse put(Caller caller, TriggersRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        List<Trigger> triggers = TriggerRules.check(request.triggers(), repository.region(), destinations::has);
        return new PutRepositoryTriggersResponse(commands.putTriggers(caller, repository.name(), triggers));
    }

    @Transactional
    public GetRepositoryTriggersResponse get(Caller caller, GetRepositoryTriggersRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        return configuration(repository).map(c -> new GetRepositoryTriggersResponse(c.configurationId(),
                c.triggers())).orElse(new GetRepositoryTriggersResponse(null, List.of()));
    }

    /**
     * Sends each trigger's destination a test notification now (CodeCommit's TriggerEventTest, naming no ref change);
     * the triggers need not be the repository's.
     */
    @Transactional
    public TestRepositoryTriggersResponse test(Caller caller, TriggersRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        List<Trigger> triggers = TriggerRules.check(request.triggers(), repository.region(), destinations::has);
        String configurationId = configuration(repository).map(RepositoryTriggersUpdated::configurationId)
                .orElse(UUID.randomUUID().toString());
        List<String> successful = new ArrayList<>();
        List<ExecutionFailure> failed = new ArrayList<>();
        for (Trigger trigger : triggers) {
            String id = UuidV7.next().toString();
            String notification = TriggerRules.notification("TriggerEventTest", id, repository.region(),
                    repository.arn(), configurationId, trigger, caller.principal().arn(), Instant.now(), List.of());
            try {
                destinations.deliver(trigger.destinationArn(), id, notification);
                successful.add(trigger.name());
            } catch (TriggerDestinations.DeliveryFailedException e) {
                failed.add(new ExecutionFailure(trigger.name(), e.getMessage()));
            }
        }
        return new TestRepositoryTriggersResponse(successful, failed);
    }

    /** The repository's triggers as last put, if they ever were. */
    Optional<RepositoryTriggersUpdated> configuration(StoredRepository repository) {
        return views.triggers(UUID.fromString(repository.repositoryId())).map(text -> {
            try {
                return json.readValue(text, RepositoryTriggersUpdated.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the triggers of " + repository.repositoryId() + " are unreadable",
                        e);
            }
        });
    }
}
