package io.coffer.aws.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.coffer.aws.iam.MalformedPolicyException;
import io.coffer.aws.iam.PolicyDocument;
import io.coffer.aws.identity.IdentityDirectory.AccessKey;
import io.coffer.aws.identity.IdentityDirectory.Account;
import io.coffer.aws.identity.IdentityDirectory.Group;
import io.coffer.aws.identity.IdentityDirectory.SecretAccessKey;
import io.coffer.aws.identity.IdentityDirectory.ServicePrincipal;
import io.coffer.aws.identity.IdentityDirectory.User;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads an identities file (YAML, or JSON, which is YAML too) into an {@link IdentityDirectory}, checking all of
 * it: a file with any error is refused as a whole, with the line and field of the first error.
 *
 * <pre>
 * accounts:
 *   - id: "111122223333"
 *     policies:                      # customer-managed policies, IAM JSON grammar
 *       - name: Developers
 *         document: { Version: "2012-10-17", Statement: [ ... ] }
 *     groups:
 *       - name: developers
 *         policies: [Developers, arn:aws:iam::aws:policy/AWSCodeCommitPowerUser]
 *     users:
 *       - name: alice
 *         groups: [developers]
 *         policies: []               # attached to the user directly
 *         accessKeys:
 *           - { id: AKIA..., secret: ..., status: Active }        # or sealedSecret: v1:... (SealedSecrets)
 *         sshPublicKeys:             # for Git over SSH; the ID (SSH user name) is derived from the key unless given
 *           - { body: "ssh-ed25519 AAAA... alice@laptop", status: Active }   # optional id: APKA...
 * services:                          # principals that may act for a user (forward access)
 *   - name: codecommit.amazonaws.com
 *     accessKeys: [ { id: ..., secret: ... } ]
 * </pre>
 */
public final class IdentityFile {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9.-]{1,128}");
    private static final int MIN_SECRET_LENGTH = 16;

    private final LocatedTree tree;
    private final SealedSecrets sealed;
    private final Map<String, AccessKey> accessKeys = new LinkedHashMap<>();
    private final Map<String, SshPublicKey> sshPublicKeys = new LinkedHashMap<>();

    private IdentityFile(LocatedTree tree, SealedSecrets sealed) {
        this.tree = tree;
        this.sealed = sealed;
    }

    /** A file whose secrets are all given in plain ({@code secret:}). */
    public static IdentityDirectory parse(byte[] content) {
        return parse(content, null);
    }

    /**
     * @param sealed opens {@code sealedSecret:} entries; {@code null} when no sealing key is configured
     * @throws IdentityFileException naming the line and field of the first problem
     */
    public static IdentityDirectory parse(byte[] content, SealedSecrets sealed) {
        LocatedTree tree;
        try (JsonParser parser = YAML.createParser(content)) {
            tree = LocatedTree.read(parser);
        } catch (IOException e) {
            int line = e instanceof JsonProcessingException p && p.getLocation() != null
                    ? p.getLocation().getLineNr() : 0;
            throw new IdentityFileException(line, "(file)", "not valid YAML or JSON");
        }
        return new IdentityFile(tree, sealed).directory(version(content));
    }

    private IdentityDirectory directory(String version) {
        JsonNode root = tree.root();
        object(root, "(file)");
        known(root, "", Set.of("accounts", "services"));
        Map<String, Account> accounts = new LinkedHashMap<>();
        each(root.get("accounts"), "accounts", (node, at) -> {
            Account account = account(node, at);
            if (accounts.putIfAbsent(account.id(), account) != null) {
                throw error(at + ".id", "account " + account.id() + " is declared twice");
            }
        });
        if (accounts.isEmpty()) {
            throw error("accounts", "at least one account is needed");
        }
        Map<String, ServicePrincipal> services = new LinkedHashMap<>();
        each(root.get("services"), "services", (node, at) -> {
            object(node, at);
            known(node, at, Set.of("name", "accessKeys"));
            String name = matching(node, at + ".name", SERVICE_NAME, "a lower-case service name");
            if (services.putIfAbsent(name, new ServicePrincipal(name)) != null) {
                throw error(at + ".name", "service " + name + " is declared twice");
            }
            accessKeys(node.get("accessKeys"), at + ".accessKeys", null, null, name);
        });
        for (String id : sshPublicKeys.keySet()) {
            if (accessKeys.containsKey(id)) {
                // a service names the caller's credential by ID alone (forward access): IDs must not collide
                throw error("accounts", "SSH public key ID " + id + " is also an access key ID");
            }
        }
        return new IdentityDirectory(version, accounts, accessKeys, services, sshPublicKeys);
    }

    private Account account(JsonNode node, String at) {
        object(node, at);
        known(node, at, Set.of("id", "policies", "groups", "users"));
        String id = matching(node, at + ".id", ACCOUNT_ID, "12 digits (quote it in YAML)");
        Map<String, PolicyDocument> policies = new LinkedHashMap<>();
        each(node.get("policies"), at + ".policies", (p, pAt) -> {
            object(p, pAt);
            known(p, pAt, Set.of("name", "document"));
            String name = matching(p, pAt + ".name", POLICY_NAME, "a policy name");
            if (!p.hasNonNull("document")) {
                throw error(pAt + ".document", "is required");
            }
            PolicyDocument document;
            try {
                document = PolicyDocument.parse(p.get("document"), PolicyDocument.Kind.IDENTITY);
            } catch (MalformedPolicyException e) {
                throw error(pAt + ".document." + e.field(), e.getMessage().substring(e.field().length() + 2));
            }
            if (policies.putIfAbsent(name, document) != null) {
                throw error(pAt + ".name", "policy " + name + " is declared twice");
            }
        });
        Map<String, Group> groups = new LinkedHashMap<>();
        each(node.get("groups"), at + ".groups", (g, gAt) -> {
            object(g, gAt);
            known(g, gAt, Set.of("name", "policies"));
            String name = matching(g, gAt + ".name", IAM_NAME, "a group name");
            List<String> attached = names(g.get("policies"), gAt + ".policies");
            attached.forEach(policy -> resolve(policies, policy, gAt + ".policies"));
            if (groups.putIfAbsent(name, new Group(id, name, attached)) != null) {
                throw error(gAt + ".name", "group " + name + " is declared twice");
            }
        });
        Map<String, User> users = new LinkedHashMap<>();
        each(node.get("users"), at + ".users", (u, uAt) -> {
            object(u, uAt);
            known(u, uAt, Set.of("name", "groups", "policies", "accessKeys", "sshPublicKeys"));
            String name = matching(u, uAt + ".name", IAM_NAME, "a user name");
            List<String> memberOf = names(u.get("groups"), uAt + ".groups");
            List<String> attached = names(u.get("policies"), uAt + ".policies");
            List<PolicyDocument> effective = new ArrayList<>();
            attached.forEach(policy -> effective.add(resolve(policies, policy, uAt + ".policies")));
            for (String group : memberOf) {
                Group g = groups.get(group);
                if (g == null) {
                    throw error(uAt + ".groups", "no group " + group + " in account " + id);
                }
                g.policies().forEach(policy -> effective.add(resolve(policies, policy, uAt + ".groups")));
            }
            if (users.putIfAbsent(name, new User(id, name, memberOf, attached, effective)) != null) {
                throw error(uAt + ".name", "user " + name + " is declared twice");
            }
            accessKeys(u.get("accessKeys"), uAt + ".accessKeys", id, name, null);
            sshPublicKeys(u.get("sshPublicKeys"), uAt + ".sshPublicKeys", id, name);
        });
        return new Account(id, policies, groups, users);
    }

    private void accessKeys(JsonNode node, String at, String accountId, String userName, String service) {
        each(node, at, (k, kAt) -> {
            object(k, kAt);
            known(k, kAt, Set.of("id", "secret", "sealedSecret", "status"));
            String id = matching(k, kAt + ".id", ACCESS_KEY_ID, "16 to 128 upper-case letters and digits");
            String secret = secret(k, kAt, id);
            AccessKey key = new AccessKey(id, new SecretAccessKey(secret), status(k, kAt), accountId,
                    userName, service);
            if (accessKeys.putIfAbsent(id, key) != null) {
                throw error(kAt + ".id", "access key " + id + " is declared twice");
            }
        });
    }

    private void sshPublicKeys(JsonNode node, String at, String accountId, String userName) {
        List<byte[]> ofUser = new ArrayList<>();
        each(node, at, (k, kAt) -> {
            object(k, kAt);
            known(k, kAt, Set.of("id", "body", "status"));
            JsonNode body = k.get("body");
            if (body == null || !body.isTextual()) {
                throw error(kAt + ".body", "is required: the public key as in id_ed25519.pub");
            }
            byte[] blob;
            try {
                blob = SshPublicKey.parseBlob(body.asText());
            } catch (IllegalArgumentException e) {
                throw error(kAt + ".body", e.getMessage());
            }
            if (ofUser.stream().anyMatch(other -> Arrays.equals(other, blob))) {
                throw error(kAt + ".body", "this key is already registered for user " + userName);
            }
            ofUser.add(blob);
            String id = k.has("id") ? matching(k, kAt + ".id", SshPublicKey.ID, "APKA and 16 upper-case letters and "
                    + "digits") : SshPublicKey.derivedId(blob);
            SshPublicKey key = new SshPublicKey(id, accountId, userName, blob, status(k, kAt));
            if (sshPublicKeys.putIfAbsent(id, key) != null) {
                throw error(kAt + (k.has("id") ? ".id" : ".body"), "SSH public key " + id + " is declared twice");
            }
        });
    }

    private boolean status(JsonNode key, String at) {
        String status = key.hasNonNull("status") ? key.get("status").asText() : "Active";
        if (!status.equals("Active") && !status.equals("Inactive")) {
            throw error(at + ".status", "must be Active or Inactive");
        }
        return status.equals("Active");
    }

    /** The secret, given in plain or sealed; its value is never echoed, not even when it is wrong. */
    private String secret(JsonNode key, String at, String id) {
        if (key.has("secret") == key.has("sealedSecret")) {
            throw error(at, "needs exactly one of secret and sealedSecret");
        }
        String secret;
        if (key.has("sealedSecret")) {
            JsonNode value = key.get("sealedSecret");
            if (sealed == null) {
                throw error(at + ".sealedSecret", "no sealing key is configured (coffer.identity.secrets-key-file)");
            }
            try {
                secret = sealed.open(id, value.isTextual() ? value.asText() : "");
            } catch (IllegalArgumentException e) {
                throw error(at + ".sealedSecret", e.getMessage());
            }
        } else {
            JsonNode value = key.get("secret");
            secret = value.isTextual() ? value.asText() : "";
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw error(at, "the secret must be a string of at least " + MIN_SECRET_LENGTH + " characters");
        }
        return secret;
    }

    private PolicyDocument resolve(Map<String, PolicyDocument> policies, String name, String at) {
        if (name.startsWith("arn:")) {
            return ManagedPolicies.byArn(name).orElseThrow(() -> error(at, "no AWS-managed policy " + name
                    + " (known: AdministratorAccess, AWSCodeCommitFullAccess, AWSCodeCommitPowerUser, "
                    + "AWSCodeCommitReadOnly, AWSCloudTrail_ReadOnlyAccess, AWSKeyManagementServicePowerUser)"));
        }
        PolicyDocument policy = policies.get(name);
        if (policy == null) {
            throw error(at, "no policy " + name + " in this account");
        }
        return policy;
    }

    private void each(JsonNode node, String at, ElementReader reader) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw error(at, "must be a list");
        }
        for (int i = 0; i < node.size(); i++) {
            reader.read(node.get(i), at + "[" + i + "]");
        }
    }

    @FunctionalInterface
    private interface ElementReader {
        void read(JsonNode node, String at);
    }

    private List<String> names(JsonNode node, String at) {
        List<String> names = new ArrayList<>();
        each(node, at, (n, nAt) -> {
            if (!n.isTextual()) {
                throw error(nAt, "must be a name");
            }
            names.add(n.asText());
        });
        return names;
    }

    private String matching(JsonNode node, String at, Pattern pattern, String expected) {
        JsonNode value = node.get(at.substring(at.lastIndexOf('.') + 1));
        if (value == null || !value.isTextual() || !pattern.matcher(value.asText()).matches()) {
            throw error(at, value == null ? "is required" : "must be " + expected);
        }
        return value.asText();
    }

    private void object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw error(at, "must be a mapping");
        }
    }

    private void known(JsonNode node, String at, Set<String> fields) {
        Consumer<String> check = name -> {
            if (!fields.contains(name)) {
                throw error(at.isEmpty() ? name : at + "." + name, "unknown field (expected one of " + fields + ")");
            }
        };
        node.fieldNames().forEachRemaining(check);
    }

    private IdentityFileException error(String at, String message) {
        return new IdentityFileException(tree.lineOf(at), at, message);
    }

    private static String version(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
