package io.coffer.repo.template;

import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.RebuildableReadModel;
import io.coffer.events.contract.ApprovalRuleTemplateAssociated;
import io.coffer.events.contract.ApprovalRuleTemplateContentUpdated;
import io.coffer.events.contract.ApprovalRuleTemplateCreated;
import io.coffer.events.contract.ApprovalRuleTemplateDeleted;
import io.coffer.events.contract.ApprovalRuleTemplateDescriptionUpdated;
import io.coffer.events.contract.ApprovalRuleTemplateDisassociated;
import io.coffer.events.contract.ApprovalRuleTemplateEvent;
import io.coffer.events.contract.ApprovalRuleTemplateNameUpdated;
import io.coffer.kernel.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies ApprovalRuleTemplate events to the template tables in the transaction that stores them; {@link #rebuild}
 * drops them and replays the event store.
 */
@ApplicationScoped
public class TemplateProjector implements RebuildableReadModel {

    private final EventCodec codec;
    private final EventStore store;
    private final TemplateViews views;

    public TemplateProjector(EventCodec codec, EventStore store, TemplateViews views) {
        this.codec = codec;
        this.store = store;
        this.views = views;
    }

    Optional<ApprovalRuleTemplateEvent> decode(EventEnvelope envelope) {
        if (!ApprovalRuleTemplateEvent.AGGREGATE.equals(envelope.aggregateType())) {
            return Optional.empty();
        }
        return ApprovalRuleTemplateEvent.payloadType(envelope.type()).map(type -> codec.payload(envelope, type));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope envelope) {
        decode(envelope).ifPresent(event -> apply(envelope, UUID.fromString(envelope.aggregateId()), event));
    }

    private void apply(EventEnvelope envelope, UUID id, ApprovalRuleTemplateEvent event) {
        if (event instanceof ApprovalRuleTemplateCreated e) {
            views.insert(id, envelope.accountId(), envelope.region(), e.name(), e.description(), e.content(),
                    e.userArn(), e.createdAt());
        } else if (event instanceof ApprovalRuleTemplateNameUpdated e) {
            views.update(id, e.newName(), null, null, e.userArn(), e.updatedAt());
        } else if (event instanceof ApprovalRuleTemplateDescriptionUpdated e) {
            views.update(id, null, e.description(), null, e.userArn(), e.updatedAt());
        } else if (event instanceof ApprovalRuleTemplateContentUpdated e) {
            views.update(id, null, null, e.content(), e.userArn(), e.updatedAt());
        } else if (event instanceof ApprovalRuleTemplateAssociated e) {
            views.associate(id, UUID.fromString(e.repositoryId()));
        } else if (event instanceof ApprovalRuleTemplateDisassociated e) {
            views.disassociate(id, UUID.fromString(e.repositoryId()));
        } else if (event instanceof ApprovalRuleTemplateDeleted) {
            views.delete(id);
        }
    }

    @Override
    public String name() {
        return "approval-rule-templates";
    }

    @Override
    @Transactional
    public long rebuild() {
        views.deleteAll();
        return store.replay(this::apply);
    }
}
