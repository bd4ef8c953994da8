package io.coffer.events.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The events of the PullRequest aggregate, on topic {@code coffer.repository.events} keyed by the repository's ID, so
 * they stay in order with its pushes. A pull request's text (title, description) is never in an event: events name
 * it by the ID of a text sealed under the repository's key ({@code sealed…} fields), which repo-service keeps apart
 * so that deleting the repository shreds it. The envelope's {@code type} is the record's simple name.
 */
public sealed interface PullRequestEvent permits PullRequestCreated, PullRequestTitleUpdated,
        PullRequestDescriptionUpdated, PullRequestStatusChanged, PullRequestSourceReferenceUpdated, PullRequestMerged,
        PullRequestApprovalRuleCreated, PullRequestApprovalRuleUpdated, PullRequestApprovalRuleDeleted,
        PullRequestApprovalStateChanged, PullRequestApprovalRulesOverridden {

    String AGGREGATE = "PullRequest";

    /** Every event type of the aggregate, by envelope type. */
    Map<String, Class<? extends PullRequestEvent>> TYPES = Arrays.stream(PullRequestEvent.class
            .getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, c -> c.asSubclass(PullRequestEvent.class)));

    /** The record class of an event type, if it is one of this aggregate's. */
    static Optional<Class<? extends PullRequestEvent>> payloadType(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }
}
