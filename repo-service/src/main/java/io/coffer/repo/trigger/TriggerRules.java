package io.coffer.repo.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.events.contract.RepositoryTriggersUpdated.Trigger;
import io.coffer.kernel.AwsException;
import io.coffer.repo.branch.Branches;
import io.coffer.repo.git.refs.RefsUpdated;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;

/**
 * What a trigger may be, which ref changes it fires for, and the notification it sends: CodeCommit's trigger record
 * ({@code eventName} ReferenceChanges, or TriggerEventTest for TestRepositoryTriggers) as SNS would carry it.
 */
final class TriggerRules {

    static final String ALL = "all";
    static final Set<String> EVENTS = Set.of(ALL, "createReference", "updateReference", "deleteReference");
    /** CodeCommit's limits. */
    static final int MAX_TRIGGERS = 10;
    static final int MAX_NAME = 100;
    static final int MAX_CUSTOM_DATA = 1000;
    static final int MAX_BRANCHES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private TriggerRules() {
    }

    /**
     * The triggers as they are kept (no branches: every branch; no custom data: empty), if each is one CodeCommit
     * allows and names a destination of {@code isDestination} in {@code region}.
     */
    static List<Trigger> check(List<Trigger> triggers, String region, Predicate<String> isDestination) {
        if (triggers == null) {
            throw TriggerErrors.listRequired();
        }
        if (triggers.size() > MAX_TRIGGERS) {
            throw TriggerErrors.tooMany(MAX_TRIGGERS);
        }
        Set<String> names = new HashSet<>();
        List<Trigger> checked = new ArrayList<>();
        for (Trigger trigger : triggers) {
            if (trigger == null || trigger.name() == null || trigger.name().isEmpty()) {
                throw TriggerErrors.nameRequired();
            }
            if (trigger.name().length() > MAX_NAME) {
                throw TriggerErrors.invalidName("at most " + MAX_NAME + " characters");
            }
            if (!names.add(trigger.name())) {
                throw TriggerErrors.invalidName(trigger.name() + " is given twice");
            }
            String arn = trigger.destinationArn();
            if (arn == null || arn.isEmpty()) {
                throw TriggerErrors.destinationArnRequired();
            }
            String[] parts = arn.split(":", 6);
            if (parts.length == 6 && parts[0].equals("arn") && !parts[3].equals(region)) {
                throw TriggerErrors.invalidRegion();
            }
            if (!isDestination.test(arn)) {
                throw TriggerErrors.invalidDestinationArn(arn);
            }
            String customData = trigger.customData() == null ? "" : trigger.customData();
            if (customData.length() > MAX_CUSTOM_DATA) {
                throw TriggerErrors.invalidCustomData(MAX_CUSTOM_DATA);
            }
            List<String> branches = trigger.branches() == null ? List.of() : trigger.branches();
            if (branches.size() > MAX_BRANCHES) {
                throw TriggerErrors.tooManyBranches(MAX_BRANCHES);
            }
            for (String branch : branches) {
                try {
                    Branches.validBranch(branch);
                } catch (AwsException e) {
                    throw TriggerErrors.invalidBranchName(branch);
                }
            }
            List<String> events = trigger.events();
            if (events == null || events.isEmpty()) {
                throw TriggerErrors.eventsRequired();
            }
            if (!EVENTS.containsAll(events) || events.contains(ALL) && events.size() > 1) {
                throw TriggerErrors.invalidEvents();
            }
            checked.add(new Trigger(trigger.name(), arn, customData, List.copyOf(branches), List.copyOf(events)));
        }
        return List.copyOf(checked);
    }

    /** The ref changes a trigger fires for: of its branches (all refs if it names none), of its kinds of event. */
    static List<RefsUpdated.Update> firing(Trigger trigger, List<RefsUpdated.Update> updates) {
        return updates.stream().filter(u -> u.target() == null)
                .filter(u -> trigger.branches().isEmpty() || trigger.branches().stream()
                        .anyMatch(b -> u.ref().equals(Constants.R_HEADS + b)))
                .filter(u -> trigger.events().contains(ALL) || trigger.events().contains(kind(u))).toList();
    }

    private static String kind(RefsUpdated.Update update) {
        return update.oldId() == null ? "createReference" : update.newId() == null ? "deleteReference"
                : "updateReference";
    }

    /** The notification of a trigger's firing, as its destination receives it. */
    static String notification(String eventName, String eventId, String region, String repositoryArn,
            String configurationId, Trigger trigger, String userArn, Instant at, List<RefsUpdated.Update> changes) {
        ObjectNode record = JSON.createObjectNode();
        record.put("awsRegion", region);
        ArrayNode references = record.putObject("codecommit").putArray("references");
        for (RefsUpdated.Update change : changes) {
            ObjectNode reference = references.addObject();
            reference.put("commit", change.newId() != null ? change.newId() : change.oldId());
            reference.put("ref", change.ref());
            if (change.oldId() == null) {
                reference.put("created", true);
            } else if (change.newId() == null) {
                reference.put("deleted", true);
            }
        }
        record.put("customData", trigger.customData());
        record.put("eventId", eventId);
        record.put("eventName", eventName);
        record.put("eventPartNumber", 1);
        record.put("eventSource", "aws:codecommit");
        record.put("eventSourceARN", repositoryArn);
        record.put("eventTime", TIME.format(at));
        record.put("eventTotalParts", 1);
        record.put("eventTriggerConfigId", configurationId);
        record.put("eventTriggerName", trigger.name());
        record.put("eventVersion", "1.0");
        record.put("userIdentityARN", userArn);
        ObjectNode message = JSON.createObjectNode();
        message.putArray("Records").add(record);
        return message.toString();
    }
}
