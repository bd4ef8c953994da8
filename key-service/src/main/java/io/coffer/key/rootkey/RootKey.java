package io.coffer.key.rootkey;

import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import io.coffer.key.KeyConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The root of trust: a 256-bit AES key that wraps all key material at rest (AES-256-GCM, random 96-bit nonce, the
 * key ID and material version as associated data, so wrapped material cannot be moved to another key). Loaded from
 * a file holding the base64 key (a mounted secret in production); a local run creates one on first start.
 */
@ApplicationScoped
@Startup
public class RootKey {

    private static final Logger LOG = Logger.getLogger(RootKey.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public RootKey(KeyConfig config) {
        byte[] raw = load(config.rootKeyFile(), config.rootKeyGenerate());
        try {
            this.key = new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Wraps key material; the result is nonce || ciphertext || tag. */
    public byte[] wrap(String keyId, int version, SecretBytes material) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(keyId, version));
            byte[] raw = material.toByteArray(SecretKeyAccess.get());
            byte[] sealed;
            try {
                sealed = cipher.doFinal(raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * Unwraps key material; the caller destroys the result when done.
     *
     * @throws WrappedKeyCorruptedException if the wrapped bytes were altered or belong to another key or root key
     */
    public SecretBytes unwrap(String keyId, int version, byte[] wrapped) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(keyId, version));
            return SecretBytes.takeOver(cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES),
                    SecretKeyAccess.get());
        } catch (AEADBadTagException e) {
            throw new WrappedKeyCorruptedException(keyId, version);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static byte[] associatedData(String keyId, int version) {
        return ("coffer-key-material/v1/" + keyId + "/" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] load(Path file, boolean generate) {
        try {
            if (Files.exists(file)) {
                byte[] raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
                if (raw.length != 32) {
                    Arrays.fill(raw, (byte) 0);
                    throw new IllegalStateException("root key file " + file + " must hold 32 bytes, base64-encoded");
                }
                return raw;
            }
            if (!generate) {
                throw new IllegalStateException("root key file " + file + " does not exist (COFFER_ROOT_KEY_FILE)");
            }
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the directory's permissions have to protect it
            }
            LOG.infof("Generated a new root key at %s", file.toAbsolutePath());
            return raw;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the root key file " + file, e);
        }
    }
}
