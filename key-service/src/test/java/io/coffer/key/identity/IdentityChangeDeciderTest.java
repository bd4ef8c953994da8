package io.coffer.key.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coffer.aws.identity.IdentityFile;
import io.coffer.key.identity.IdentityChangeDecider.Change;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityChangeDeciderTest {

    static final String ONE_USER = """
            accounts:
              - id: "111122223333"
                groups: [{name: team, policies: [arn:aws:iam::aws:policy/AWSCodeCommitReadOnly]}]
                users:
                  - name: erin
                    groups: [team]
                    accessKeys: [{id: AKIAERIN000000000001, secret: erin-secret-000000000000}]
            """;

    static Map<IdentityEntities.Key, IdentityEntities.Entity> entities(String yaml) {
        return IdentityEntities.of(IdentityFile.parse(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> types(List<Change> changes) {
        return changes.stream().map(Change::type).toList();
    }

    @Test
    void givenNothingRecorded_whenDecided_thenEverythingCreatedContainersFirst() {
        assertEquals(List.of("AccountCreated", "UserCreated", "GroupCreated", "AccessKeyCreated", "UserAddedToGroup",
                "PolicyAttached"), types(IdentityChangeDecider.decide(Map.of(), entities(ONE_USER), "v")));
    }

    @Test
    void givenUserRemoved_whenDecided_thenItsKeyAndMembershipGoBeforeIt() {
        String without = ONE_USER.substring(0, ONE_USER.indexOf("    users:")) + "    users: []\n";
        List<Change> changes = IdentityChangeDecider.decide(entities(ONE_USER), entities(without), "v2");
        assertEquals(List.of("UserRemovedFromGroup", "AccessKeyDeleted", "UserDeleted"), types(changes));
        assertEquals("v2", changes.get(2).payload().identitiesVersion());
    }

    @Test
    void givenKeyDeactivated_whenDecided_thenOneStatusChange() {
        String inactive = ONE_USER.replace("erin-secret-000000000000}", "erin-secret-000000000000, status: Inactive}");
        List<Change> changes = IdentityChangeDecider.decide(entities(ONE_USER), entities(inactive), "v2");
        assertEquals(List.of("AccessKeyStatusChanged"), types(changes));
        assertEquals("Inactive", changes.get(0).payload().status());
        assertEquals(List.of(), IdentityChangeDecider.decide(entities(ONE_USER), entities(ONE_USER), "v"));
    }
}
