package io.coffer.events.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The events of the ApprovalRuleTemplate aggregate (an account's approval rule template in a region, and the
 * repositories it is associated with), on topic {@code coffer.repository.events} keyed by the template's ID.
 */
public sealed interface ApprovalRuleTemplateEvent permits ApprovalRuleTemplateCreated,
        ApprovalRuleTemplateNameUpdated, ApprovalRuleTemplateDescriptionUpdated, ApprovalRuleTemplateContentUpdated,
        ApprovalRuleTemplateAssociated, ApprovalRuleTemplateDisassociated, ApprovalRuleTemplateDeleted {

    String AGGREGATE = "ApprovalRuleTemplate";

    /** Every event type of the aggregate, by envelope type. */
    Map<String, Class<? extends ApprovalRuleTemplateEvent>> TYPES = Arrays.stream(
            ApprovalRuleTemplateEvent.class.getPermittedSubclasses()).collect(Collectors.toUnmodifiableMap(
                    Class::getSimpleName, c -> c.asSubclass(ApprovalRuleTemplateEvent.class)));

    /** The record class of an event type, if it is one of this aggregate's. */
    static Optional<Class<? extends ApprovalRuleTemplateEvent>> payloadType(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }
}
