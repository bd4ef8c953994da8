package io.coffer.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBytesTest {

    @Test
    void givenBytes_whenTakenOver_thenTheGivenArrayIsWipedAndACopyReadsThem() {
        byte[] given = {1, 2, 3, 4};
        SecretBytes secret = SecretBytes.takeOver(given, SecretKeyAccess.get());
        assertArrayEquals(new byte[4], given);
        byte[] copy = secret.toByteArray(SecretKeyAccess.get());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, copy);
        copy[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3, 4}, secret.toByteArray(SecretKeyAccess.get()));
    }

    @Test
    void givenNoAccessToken_whenRead_thenRefused() {
        SecretBytes secret = SecretBytes.random(32);
        assertThrows(SecurityException.class, () -> secret.toByteArray(null));
        assertThrows(SecurityException.class, () -> SecretBytes.takeOver(new byte[1], null));
    }

    @Test
    void givenADestroyedSecret_whenRead_thenRefused() {
        SecretBytes secret = SecretBytes.random(32);
        secret.destroy();
        assertTrue(secret.isDestroyed());
        assertThrows(IllegalStateException.class, () -> secret.toByteArray(SecretKeyAccess.get()));
    }

    @Test
    void givenASecret_whenPrinted_thenOnlyItsLengthShows() {
        byte[] raw = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        SecretBytes secret = SecretBytes.takeOver(raw.clone(), SecretKeyAccess.get());
        assertEquals("SecretBytes[16 bytes]", secret.toString());
        assertFalse(secret.toString().contains("0011"));
    }

    @Test
    void givenTwoSecrets_whenCompared_thenEqualOnlyWithTheSameBytes() {
        SecretBytes a = SecretBytes.takeOver(new byte[] {1, 2}, SecretKeyAccess.get());
        assertTrue(a.equalsSecretBytes(SecretBytes.takeOver(new byte[] {1, 2}, SecretKeyAccess.get())));
        assertFalse(a.equalsSecretBytes(SecretBytes.takeOver(new byte[] {1, 3}, SecretKeyAccess.get())));
        assertEquals(32, SecretBytes.random(32).size());
    }
}
