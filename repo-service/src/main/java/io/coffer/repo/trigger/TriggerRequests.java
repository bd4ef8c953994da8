package io.coffer.repo.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coffer.events.contract.RepositoryTriggersUpdated.Trigger;
import java.util.List;

/** Request and response shapes of the repository trigger operations (a trigger is CodeCommit's RepositoryTrigger). */
public final class TriggerRequests {

    private TriggerRequests() {
    }

    public record TriggersRequest(String repositoryName, List<Trigger> triggers) {
    }

    public record PutRepositoryTriggersResponse(String configurationId) {
    }

    public record GetRepositoryTriggersRequest(String repositoryName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetRepositoryTriggersResponse(String configurationId, List<Trigger> triggers) {
    }

    public record TestRepositoryTriggersResponse(List<String> successfulExecutions,
            List<ExecutionFailure> failedExecutions) {
    }

    public record ExecutionFailure(String trigger, String failureMessage) {
    }
}
