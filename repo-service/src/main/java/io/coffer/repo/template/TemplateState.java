package io.coffer.repo.template;

import io.coffer.events.contract.ApprovalRuleTemplateAssociated;
import io.coffer.events.contract.ApprovalRuleTemplateContentUpdated;
import io.coffer.events.contract.ApprovalRuleTemplateCreated;
import io.coffer.events.contract.ApprovalRuleTemplateDeleted;
import io.coffer.events.contract.ApprovalRuleTemplateDescriptionUpdated;
import io.coffer.events.contract.ApprovalRuleTemplateDisassociated;
import io.coffer.events.contract.ApprovalRuleTemplateEvent;
import io.coffer.events.contract.ApprovalRuleTemplateNameUpdated;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One approval rule template as its events leave it; {@code repositoryIds} are the repositories it applies to. */
record TemplateState(String id, String name, String description, String content, Set<String> repositoryIds,
        boolean deleted, long version) {

    static final TemplateState NONE = new TemplateState(null, null, null, null, Set.of(), false, 0);

    boolean exists() {
        return version > 0 && !deleted;
    }

    static TemplateState fold(List<ApprovalRuleTemplateEvent> events) {
        TemplateState state = NONE;
        for (ApprovalRuleTemplateEvent event : events) {
            state = evolve(state, event);
        }
        return state;
    }

    static TemplateState evolve(TemplateState s, ApprovalRuleTemplateEvent event) {
        long v = s.version + 1;
        if (event instanceof ApprovalRuleTemplateCreated e) {
            return new TemplateState(e.approvalRuleTemplateId(), e.name(), e.description(), e.content(), Set.of(),
                    false, v);
        }
        if (event instanceof ApprovalRuleTemplateNameUpdated e) {
            return new TemplateState(s.id, e.newName(), s.description, s.content, s.repositoryIds, false, v);
        }
        if (event instanceof ApprovalRuleTemplateDescriptionUpdated e) {
            return new TemplateState(s.id, s.name, e.description(), s.content, s.repositoryIds, false, v);
        }
        if (event instanceof ApprovalRuleTemplateContentUpdated e) {
            return new TemplateState(s.id, s.name, s.description, e.content(), s.repositoryIds, false, v);
        }
        if (event instanceof ApprovalRuleTemplateAssociated e) {
            Set<String> repositories = new HashSet<>(s.repositoryIds);
            repositories.add(e.repositoryId());
            return new TemplateState(s.id, s.name, s.description, s.content, Set.copyOf(repositories), false, v);
        }
        if (event instanceof ApprovalRuleTemplateDisassociated e) {
            Set<String> repositories = new HashSet<>(s.repositoryIds);
            repositories.remove(e.repositoryId());
            return new TemplateState(s.id, s.name, s.description, s.content, Set.copyOf(repositories), false, v);
        }
        if (event instanceof ApprovalRuleTemplateDeleted) {
            return new TemplateState(s.id, s.name, s.description, s.content, s.repositoryIds, true, v);
        }
        throw new IllegalArgumentException("not an ApprovalRuleTemplate event: " + event);
    }
}
