package io.coffer.key.identity;

import io.coffer.aws.iam.PolicyDocument;
import io.coffer.aws.identity.IdentityDirectory;
import io.coffer.aws.identity.IdentityDirectory.AccessKey;
import io.coffer.aws.identity.IdentityDirectory.Account;
import io.coffer.aws.identity.IdentityDirectory.Group;
import io.coffer.aws.identity.IdentityDirectory.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identities in force as a flat set of entities (accounts, users, groups, policies, access keys, group
 * memberships, policy attachments, service principals), each with a fingerprint that changes when the entity does.
 * Comparing two such sets is what makes the change events; nothing here holds a secret.
 */
final class IdentityEntities {

    /** The kinds, in the order their creations are recorded (deletions in reverse). */
    enum Kind {
        ACCOUNT("Account", "AccountCreated", null, "AccountDeleted"),
        SERVICE("ServicePrincipal", "ServicePrincipalCreated", null, "ServicePrincipalDeleted"),
        USER("User", "UserCreated", null, "UserDeleted"),
        GROUP("Group", "GroupCreated", null, "GroupDeleted"),
        POLICY("Policy", "PolicyCreated", "PolicyUpdated", "PolicyDeleted"),
        ACCESS_KEY("AccessKey", "AccessKeyCreated", "AccessKeyStatusChanged", "AccessKeyDeleted"),
        MEMBERSHIP("GroupMembership", "UserAddedToGroup", null, "UserRemovedFromGroup"),
        ATTACHMENT("PolicyAttachment", "PolicyAttached", null, "PolicyDetached");

        final String label;
        final String created;
        final String changed;
        final String deleted;

        Kind(String label, String created, String changed, String deleted) {
            this.label = label;
            this.created = created;
            this.changed = changed;
            this.deleted = deleted;
        }

        static Kind labelled(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown identity entity kind " + label);
        }
    }

    /** An entity's identity: its kind and a name unique within the kind. */
    record Key(Kind kind, String name) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            int byKind = kind.compareTo(other.kind);
            return byKind != 0 ? byKind : name.compareTo(other.name);
        }
    }

    /** An entity as recorded: what identifies its state, and the event payload that describes it. */
    record Entity(String fingerprint, IdentityChanged payload) {
    }

    private IdentityEntities() {
    }

    static Map<Key, Entity> of(IdentityDirectory directory) {
        String version = directory.version();
        Map<Key, Entity> entities = new TreeMap<>();
        for (Account account : directory.accounts().values()) {
            String id = account.id();
            put(entities, Kind.ACCOUNT, id, "", new IdentityChanged(id, null, null, null, null, null, null, null, null,
                    version));
            account.policies().forEach((name, document) -> {
                String digest = digest(document);
                put(entities, Kind.POLICY, id + "/" + name, digest, new IdentityChanged(id, null, null, name, null,
                        null, null, null, digest, version));
            });
            for (Group group : account.groups().values()) {
                put(entities, Kind.GROUP, id + "/" + group.name(), "", new IdentityChanged(id, null, group.name(),
                        null, null, null, null, null, null, version));
                for (String policy : group.policies()) {
                    put(entities, Kind.ATTACHMENT, id + "/group/" + group.name() + "/" + policy, "",
                            new IdentityChanged(id, null, null, policy, "group/" + group.name(), null, null, null, null,
                                    version));
                }
            }
            for (User user : account.users().values()) {
                put(entities, Kind.USER, id + "/" + user.name(), "", new IdentityChanged(id, user.name(), null, null,
                        null, null, null, null, null, version));
                for (String group : user.groups()) {
                    put(entities, Kind.MEMBERSHIP, id + "/" + user.name() + "/" + group, "", new IdentityChanged(id,
                            user.name(), group, null, null, null, null, null, null, version));
                }
                for (String policy : user.attachedPolicies()) {
                    put(entities, Kind.ATTACHMENT, id + "/user/" + user.name() + "/" + policy, "",
                            new IdentityChanged(id, user.name(), null, policy, "user/" + user.name(), null, null, null,
                                    null, version));
                }
            }
        }
        directory.services().keySet().forEach(name -> put(entities, Kind.SERVICE, name, "", new IdentityChanged(null,
                null, null, null, null, null, null, name, null, version)));
        for (AccessKey key : directory.accessKeys().values()) {
            String status = key.active() ? "Active" : "Inactive";
            put(entities, Kind.ACCESS_KEY, key.id(), status, new IdentityChanged(key.accountId(), key.userName(), null,
                    null, null, key.id(), status, key.service(), null, version));
        }
        return entities;
    }

    private static void put(Map<Key, Entity> entities, Kind kind, String name, String fingerprint,
            IdentityChanged payload) {
        entities.put(new Key(kind, name), new Entity(fingerprint, payload));
    }

    private static String digest(PolicyDocument document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(document.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
