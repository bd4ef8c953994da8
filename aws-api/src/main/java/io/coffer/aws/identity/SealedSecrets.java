package io.coffer.aws.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access-key secrets sealed for the identities file, so the file itself holds no secret and can live in a
 * ConfigMap or a repository: {@code sealedSecret: v1:<base64 of 12-byte nonce, AES-256-GCM ciphertext and tag>},
 * with the access key ID as associated data (a sealed secret moved to another key ID does not open). The 256-bit
 * sealing key is the one secret to keep ({@code coffer.identity.secrets-key-file}, mode 0600, from a secret store).
 * <p>
 * Command line: {@code generate-key <key file>}; {@code seal <key file> <access key ID>} (secret on stdin);
 * {@code seal-file <key file> <in.yaml> <out.yaml>} (every {@code secret:} line after its {@code id:} line).
 */
public final class SealedSecrets {

    static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SealedSecrets(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** @throws IOException if the file is missing or does not hold a base64 256-bit key */
    public static SealedSecrets load(Path keyFile) throws IOException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("identity secrets key " + keyFile + " is not base64");
        }
        try {
            if (key.length != 32) {
                throw new IOException("identity secrets key " + keyFile + " is not 256 bits");
            }
            return new SealedSecrets(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Writes a new random key, readable by its owner only. */
    public static void generateKey(Path keyFile) throws IOException {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try {
            Files.createFile(keyFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(keyFile);
        }
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
    }

    public String seal(String accessKeyId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] plaintext = secret.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, accessKeyId);
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plaintext.length));
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
            return VERSION + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** @throws IllegalArgumentException if {@code sealed} is malformed, or was not sealed with this key for this ID */
    public String open(String accessKeyId, String sealed) {
        if (!sealed.startsWith(VERSION)) {
            throw new IllegalArgumentException("not a " + VERSION + " sealed secret");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64");
        }
        if (bytes.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("too short");
        }
        byte[] plaintext = null;
        try {
            plaintext = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), accessKeyId)
                    .doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("does not open with this key for this access key ID");
        } finally {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String accessKeyId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static final Pattern ID_LINE = Pattern.compile("^\\s*(?:- )?id:\\s*(\\S+)\\s*$");
    private static final Pattern SECRET_LINE = Pattern.compile("^(\\s*)secret:\\s*(\\S+)\\s*$");

    /** The identities file with each block-style {@code secret:} replaced by a {@code sealedSecret:}. */
    public List<String> sealLines(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        String id = null;
        for (String line : lines) {
            Matcher idLine = ID_LINE.matcher(line);
            Matcher secretLine = SECRET_LINE.matcher(line);
            if (idLine.matches()) {
                id = idLine.group(1);
                out.add(line);
            } else if (secretLine.matches() && id != null) {
                out.add(secretLine.group(1) + "sealedSecret: " + seal(id, secretLine.group(2)));
            } else {
                out.add(line);
            }
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        String usage = "usage: SealedSecrets generate-key <key file> | seal <key file> <access key ID> "
                + "| seal-file <key file> <in.yaml> <out.yaml>";
        if (args.length == 2 && args[0].equals("generate-key")) {
            generateKey(Path.of(args[1]));
        } else if (args.length == 3 && args[0].equals("seal")) {
            String secret = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim();
            System.out.println(load(Path.of(args[1])).seal(args[2], secret));
        } else if (args.length == 4 && args[0].equals("seal-file")) {
            List<String> sealed = load(Path.of(args[1])).sealLines(Files.readAllLines(Path.of(args[2])));
            Files.write(Path.of(args[3]), sealed);
        } else {
            System.err.println(usage);
            System.exit(2);
        }
    }
}
