package io.coffer.aws.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An IAM user's SSH public key, as CodeCommit takes it for Git over SSH: the OpenSSH one-line form
 * ({@code ssh-ed25519 AAAA… comment}). Its ID ({@code APKA…}, the SSH user name) is the one the identities file gives
 * or, when it gives none, one derived from the key itself, so every service and every reload computes the same.
 *
 * @param id     the SSH public key ID, {@code APKA} and 16 upper-case letters and digits
 * @param blob   the key in SSH wire format, as {@link #parseBlob} checked it
 * @param active an inactive key is kept on file but refused like an unknown one
 */
public record SshPublicKey(String id, String accountId, String userName, byte[] blob, boolean active) {

    /** Key types Git clients offer today; DSA and short RSA keys are refused. */
    public static final Set<String> ALGORITHMS = Set.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-rsa");
    static final Pattern ID = Pattern.compile("APKA[A-Z0-9]{16}");
    private static final int MIN_RSA_BITS = 2048;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    public SshPublicKey {
        blob = blob.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /** The key type the blob names first, e.g. {@code ssh-ed25519}. */
    public String algorithm() {
        return new String(string(ByteBuffer.wrap(blob)), StandardCharsets.US_ASCII);
    }

    /** Whether {@code offered} (an SSH wire-format public key) is this key. */
    public boolean matches(byte[] offered) {
        return MessageDigest.isEqual(blob, offered);
    }

    /** As {@code ssh-keygen -l} prints it: {@code SHA256:} and the unpadded Base64 of the blob's digest. */
    public String fingerprint() {
        return fingerprint(blob);
    }

    public static String fingerprint(byte[] blob) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(blob));
    }

    /** The ID of a key the identities file names no ID for: {@code APKA} and the Base32 of its SHA-256, cut to 16. */
    public static String derivedId(byte[] blob) {
        byte[] digest = sha256(blob);
        StringBuilder id = new StringBuilder("APKA");
        long bits = 0;
        int count = 0;
        for (int i = 0; id.length() < 20; ) {
            if (count < 5) {
                bits = (bits << 8) | (digest[i++] & 0xff);
                count += 8;
            }
            count -= 5;
            id.append(BASE32[(int) (bits >>> count) & 31]);
        }
        return id.toString();
    }

    /**
     * The key blob of an OpenSSH public key line, checked: a known type, the same type inside the blob, a whole
     * structure, and RSA keys of at least 2048 bits.
     *
     * @throws IllegalArgumentException saying what is wrong (never echoing the key)
     */
    public static byte[] parseBlob(String line) {
        String[] parts = line.strip().split("\\s+", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("must be an OpenSSH public key: <type> <Base64 key> [comment]");
        }
        String type = parts[0];
        if (!ALGORITHMS.contains(type)) {
            throw new IllegalArgumentException("key type " + type + " is not accepted (use one of " + ALGORITHMS
                    + ")");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not valid Base64");
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        try {
            if (!type.equals(new String(string(in), StandardCharsets.US_ASCII))) {
                throw new IllegalArgumentException("the key's blob is not of type " + type);
            }
            switch (type) {
                case "ssh-ed25519" -> {
                    if (string(in).length != 32) {
                        throw new IllegalArgumentException("an Ed25519 key has 32 bytes");
                    }
                }
                case "ssh-rsa" -> {
                    string(in); // public exponent
                    int bits = new BigInteger(1, string(in)).bitLength();
                    if (bits < MIN_RSA_BITS) {
                        throw new IllegalArgumentException("RSA keys need at least " + MIN_RSA_BITS + " bits, this "
                                + "one has " + bits);
                    }
                }
                default -> {
                    String curve = new String(string(in), StandardCharsets.US_ASCII);
                    if (!type.endsWith("-" + curve)) {
                        throw new IllegalArgumentException("the key's curve " + curve + " does not match " + type);
                    }
                    string(in); // the point
                }
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the key's blob is truncated");
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("the key's blob has trailing bytes");
        }
        return blob;
    }

    private static byte[] string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Prints the ID and fingerprint Coffer gives a public key file, and the identities-file entry to paste. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SshPublicKey <public key file, e.g. ~/.ssh/id_ed25519.pub>");
            System.exit(2);
        }
        String line = Files.readString(Path.of(args[0])).strip();
        byte[] blob;
        try {
            blob = parseBlob(line);
        } catch (IllegalArgumentException e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("SSH key ID:  " + derivedId(blob));
        System.out.println("Fingerprint: " + fingerprint(blob));
        System.out.println("Entry for your user in the identities file:");
        System.out.println("        sshPublicKeys:");
        System.out.println("          - body: \"" + line.replace("\"", "") + "\"");
    }
}
