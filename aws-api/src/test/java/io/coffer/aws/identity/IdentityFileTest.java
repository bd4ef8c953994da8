package io.coffer.aws.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {

    static final String VALID = """
            accounts:
              - id: "111122223333"
                policies:
                  - name: Readers
                    document:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Action: codecommit:GitPull
                          Resource: "*"
                groups:
                  - name: readers
                    policies: [Readers]
                users:
                  - name: carol
                    groups: [readers]
                    policies: [arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess]
                    accessKeys:
                      - id: AKIACAROL00000000001
                        secret: carol-secret-0000000000000000
                      - id: AKIACAROL00000000002
                        secret: carol-secret-1111111111111111
                        status: Inactive
            services:
              - name: codecommit.amazonaws.com
                accessKeys:
                  - id: SVCREPO0000000000001
                    secret: service-secret-000000000000
            """;

    static IdentityDirectory parse(String yaml) {
        return IdentityFile.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenValidFile_whenParsed_thenUsersKeysGroupsAndPoliciesResolve() {
        IdentityDirectory directory = parse(VALID);
        IdentityDirectory.User carol = directory.user("111122223333", "carol").orElseThrow();
        assertEquals("arn:aws:iam::111122223333:user/carol", carol.arn());
        assertEquals(2, carol.effectivePolicies().size(), "its own policy and its group's");
        assertTrue(directory.accessKey("AKIACAROL00000000001").orElseThrow().active());
        assertFalse(directory.accessKey("AKIACAROL00000000002").orElseThrow().active());
        assertTrue(directory.accessKey("SVCREPO0000000000001").orElseThrow().ofService());
        assertEquals(64, directory.version().length());
    }

    /** VALID with carol's SSH keys, one entry per {@code - } line given (indented as list items under her). */
    private static String withSshKeys(String... entries) {
        StringBuilder keys = new StringBuilder("            status: Inactive\n        sshPublicKeys:\n");
        for (String entry : entries) {
            keys.append("          - ").append(entry.replace("\n", "\n            ")).append('\n');
        }
        return VALID.replace("            status: Inactive\n", keys.toString());
    }

    @Test
    void givenSshPublicKeys_whenParsed_thenIdsAreGivenOrDerivedAndStatusKept() {
        String other = SshPublicKeyTest.ED25519.replace("AAAAIH+K", "AAAAIH+L");
        IdentityDirectory directory = parse(withSshKeys("body: \"" + SshPublicKeyTest.ED25519 + "\"",
                "id: APKAEIBAERJR2EXAMPLE\nbody: \"" + other + "\"\nstatus: Inactive"));
        SshPublicKey derived = directory.sshPublicKey("APKA3EMBUJZNKCTSSY64").orElseThrow();
        assertEquals("carol", derived.userName());
        assertTrue(derived.active());
        assertEquals("ssh-ed25519", derived.algorithm());
        assertFalse(directory.sshPublicKey("APKAEIBAERJR2EXAMPLE").orElseThrow().active());
    }

    @Test
    void givenBadSshPublicKeys_whenParsed_thenRefusedWithLineAndField() {
        String key = "body: \"" + SshPublicKeyTest.ED25519 + "\"";
        IdentityFileException weak = assertThrows(IdentityFileException.class,
                () -> parse(withSshKeys("body: \"" + SshPublicKeyTest.RSA_1024 + "\"")));
        assertEquals("accounts[0].users[0].sshPublicKeys[0].body", weak.field());
        assertEquals(25, weak.line());
        assertTrue(weak.getMessage().contains("at least 2048 bits"), weak.getMessage());
        IdentityFileException twice = assertThrows(IdentityFileException.class, () -> parse(withSshKeys(key, key)));
        assertTrue(twice.getMessage().contains("already registered for user carol"), twice.getMessage());
        IdentityFileException badId = assertThrows(IdentityFileException.class,
                () -> parse(withSshKeys("id: AKIA0000000000000000\n" + key)));
        assertEquals("accounts[0].users[0].sshPublicKeys[0].id", badId.field());
        IdentityFileException collides = assertThrows(IdentityFileException.class,
                () -> parse(withSshKeys("id: APKAEIBAERJR2EXAMPLE\n" + key)
                        .replace("AKIACAROL00000000002", "APKAEIBAERJR2EXAMPLE")));
        assertTrue(collides.getMessage().contains("is also an access key ID"), collides.getMessage());
        IdentityFileException missing = assertThrows(IdentityFileException.class,
                () -> parse(withSshKeys("status: Active")));
        assertEquals("accounts[0].users[0].sshPublicKeys[0].body", missing.field());
    }

    @Test
    void givenJson_whenParsed_thenAcceptedAsYaml() {
        IdentityDirectory directory = parse("""
                {"accounts": [{"id": "111122223333", "users": [{"name": "dan",
                  "accessKeys": [{"id": "AKIADAN0000000000001", "secret": "dan-secret-00000000000"}]}]}]}""");
        assertTrue(directory.user("111122223333", "dan").isPresent());
    }

    @Test
    void givenBadStatus_whenParsed_thenRefusedWithLineAndField() {
        IdentityFileException e = assertThrows(IdentityFileException.class,
                () -> parse(VALID.replace("status: Inactive", "status: Sleeping")));
        assertEquals("accounts[0].users[0].accessKeys[1].status", e.field());
        assertEquals(23, e.line());
    }

    @Test
    void givenMalformedPolicy_whenParsed_thenRefusedAtThePolicyElement() {
        IdentityFileException e = assertThrows(IdentityFileException.class,
                () -> parse(VALID.replace("Effect: Allow", "Effect: Maybe")));
        assertEquals("accounts[0].policies[0].document.Statement[0].Effect", e.field());
        assertEquals(8, e.line());
    }

    @Test
    void givenUnknownGroupOrPolicy_whenParsed_thenRefusedNamingIt() {
        IdentityFileException group = assertThrows(IdentityFileException.class,
                () -> parse(VALID.replace("groups: [readers]", "groups: [writers]")));
        assertTrue(group.getMessage().contains("writers"), group.getMessage());
        IdentityFileException policy = assertThrows(IdentityFileException.class,
                () -> parse(VALID.replace("policies: [Readers]", "policies: [Writers]")));
        assertTrue(policy.getMessage().contains("Writers"), policy.getMessage());
    }

    @Test
    void givenDuplicateAccessKeyOrUnknownField_whenParsed_thenRefused() {
        assertThrows(IdentityFileException.class,
                () -> parse(VALID.replace("AKIACAROL00000000002", "AKIACAROL00000000001")));
        IdentityFileException unknown = assertThrows(IdentityFileException.class,
                () -> parse(VALID.replace("    groups: [readers]", "    group: [readers]")));
        assertEquals("accounts[0].users[0].group", unknown.field());
    }

    @Test
    void givenShortSecret_whenRefused_thenTheMessageDoesNotEchoIt() {
        IdentityFileException e = assertThrows(IdentityFileException.class,
                () -> parse(VALID.replace("carol-secret-0000000000000000", "tiny-secret")));
        assertFalse(e.getMessage().contains("tiny-secret"), e.getMessage());
    }

    @Test
    void givenNotYaml_whenParsed_thenRefusedWithLine() {
        IdentityFileException e = assertThrows(IdentityFileException.class, () -> parse("accounts: [\n  {id: \"1\"\n"));
        assertTrue(e.line() > 0);
    }

    @Test
    void givenBuiltInLocalFile_whenParsed_thenAdminDeveloperAuditorAndServicesExist() throws IOException {
        try (InputStream in = Identities.class.getResourceAsStream(Identities.BUILT_IN)) {
            IdentityDirectory directory = IdentityFile.parse(in.readAllBytes());
            for (String user : new String[] { "admin", "developer", "auditor" }) {
                assertTrue(directory.user("111122223333", user).isPresent(), user);
            }
            assertEquals(2, directory.services().size());
        }
    }

    @Test
    void givenSecret_whenPrinted_thenRedacted() {
        IdentityDirectory.AccessKey key = parse(VALID).accessKey("AKIACAROL00000000001").orElseThrow();
        assertFalse(key.toString().contains("carol-secret"), key.toString());
    }

    @Test
    void givenSealedSecrets_whenParsedWithTheKey_thenTheyOpen_andWithoutItOrMovedTheyAreRefused(@TempDir Path dir)
            throws Exception {
        Path keyFile = dir.resolve("secrets.key");
        SealedSecrets.generateKey(keyFile);
        SealedSecrets sealed = SealedSecrets.load(keyFile);
        List<String> lines = sealed.sealLines(List.of(VALID.split("\n")));
        String file = String.join("\n", lines);
        assertFalse(file.contains("carol-secret"), "no plain secret is left");
        assertTrue(file.contains("sealedSecret: v1:"));

        IdentityDirectory directory = IdentityFile.parse(file.getBytes(StandardCharsets.UTF_8), sealed);
        assertEquals("carol-secret-0000000000000000",
                directory.accessKey("AKIACAROL00000000001").orElseThrow().secret().reveal());

        IdentityFileException noKey = assertThrows(IdentityFileException.class,
                () -> IdentityFile.parse(file.getBytes(StandardCharsets.UTF_8)));
        assertTrue(noKey.getMessage().contains("no sealing key"), noKey.getMessage());
        // a sealed secret only opens for the key ID it was sealed for
        String moved = file.replaceFirst("AKIACAROL00000000001", "AKIACAROL00000000009");
        IdentityFileException wrongId = assertThrows(IdentityFileException.class,
                () -> IdentityFile.parse(moved.getBytes(StandardCharsets.UTF_8), sealed));
        assertEquals("accounts[0].users[0].accessKeys[0].sealedSecret", wrongId.field());
        Path otherKey = dir.resolve("other.key");
        SealedSecrets.generateKey(otherKey);
        assertThrows(IdentityFileException.class,
                () -> IdentityFile.parse(file.getBytes(StandardCharsets.UTF_8), SealedSecrets.load(otherKey)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    }
}
