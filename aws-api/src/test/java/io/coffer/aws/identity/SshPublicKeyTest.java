package io.coffer.aws.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SshPublicKeyTest {

    /** Made with {@code ssh-keygen -t ed25519}; {@code ssh-keygen -lf} prints the fingerprint below. */
    static final String ED25519 =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH+K/Y0bWN4HqaIis7shLzVM8uX8c49bvR2RZ0qtcUN8 kat@coffer";
    /** {@code ssh-keygen -t rsa -b 1024}: too short to accept. */
    static final String RSA_1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC1/4/lCHlOvD3nHBsgGUCOa6bB2iq1MML0azTVZR5QW"
            + "GWaQD0MIK87+Pk41QugjTiix9cpbKbuvn5ctsfasAEO7+lruAJ374wbUf8xpGme8K02a8Rz1aWEnepFlmOgyBEDZ4nC0m"
            + "SeKVDR1+BhggDRDNoKVW2CrrhhNQq4GzNHjw==";

    @Test
    void givenOpenSshKey_whenParsed_thenFingerprintIsSshKeygensAndIdIsStable() {
        byte[] blob = SshPublicKey.parseBlob(ED25519);
        assertEquals("SHA256:2RgaJy1Qpylj3H2NURz5d5SDjM2ebMMUn8jiKZuWdzc", SshPublicKey.fingerprint(blob));
        String id = SshPublicKey.derivedId(blob);
        assertTrue(SshPublicKey.ID.matcher(id).matches(), id);
        assertEquals(id, SshPublicKey.derivedId(SshPublicKey.parseBlob(ED25519.replace(" kat@coffer", ""))),
                "the comment is not part of the key");
        // APKA and the first 16 Base32 (RFC 4648) characters of SHA-256(blob), as Python's base64.b32encode gives them
        assertEquals("APKA3EMBUJZNKCTSSY64", id);
    }

    @Test
    void givenBadKeys_whenParsed_thenRefusedSayingWhy() {
        assertTrue(refusal("ssh-dss AAAAB3NzaC1kc3M=").contains("not accepted"));
        assertTrue(refusal("ssh-ed25519 not*base64").contains("Base64"));
        assertTrue(refusal("ssh-rsa " + ED25519.split(" ")[1]).contains("not of type ssh-rsa"));
        assertTrue(refusal(RSA_1024).contains("at least 2048 bits"), refusal(RSA_1024));
        byte[] blob = SshPublicKey.parseBlob(ED25519);
        byte[] truncated = Arrays.copyOf(blob, blob.length - 1);
        assertTrue(refusal("ssh-ed25519 " + Base64.getEncoder().encodeToString(truncated)).contains("truncated"));
        byte[] longer = Arrays.copyOf(blob, blob.length + 1);
        assertTrue(refusal("ssh-ed25519 " + Base64.getEncoder().encodeToString(longer)).contains("trailing"));
        assertTrue(refusal("just-one-word").contains("OpenSSH public key"));
    }

    @Test
    void givenRegisteredKey_whenOfferedKeysCompared_thenOnlyTheSameBlobMatches() {
        byte[] blob = SshPublicKey.parseBlob(ED25519);
        SshPublicKey key = new SshPublicKey("APKAEIBAERJR2EXAMPLE", "111122223333", "alice", blob, true);
        assertTrue(key.matches(blob.clone()));
        blob[blob.length - 1] ^= 1;
        assertFalse(key.matches(blob));
        assertTrue(key.matches(SshPublicKey.parseBlob(ED25519)), "the record keeps its own copy");
    }

    private static String refusal(String line) {
        return assertThrows(IllegalArgumentException.class, () -> SshPublicKey.parseBlob(line)).getMessage();
    }
}
