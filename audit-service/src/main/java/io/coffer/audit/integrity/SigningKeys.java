package io.coffer.audit.integrity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/** Ed25519 keys in PEM files: PKCS#8 for the signing key, X.509 SubjectPublicKeyInfo for the public key. */
public final class SigningKeys {

    private SigningKeys() {
    }

    /** Reads the key pair's private half from {@code file}, creating a new pair there first if allowed. */
    static KeyPair loadOrCreate(Path file, boolean generate) {
        try {
            if (!Files.exists(file)) {
                if (!generate) {
                    throw new IllegalStateException("digest signing key file " + file
                            + " does not exist (COFFER_AUDIT_DIGEST_SIGNING_KEY_FILE)");
                }
                KeyPair pair = KeyPairGenerator.getInstance(DigestSignature.ALGORITHM).generateKeyPair();
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system; the directory's permissions have to protect it
                }
            }
            byte[] pkcs8 = der(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY");
            try {
                PrivateKey privateKey = KeyFactory.getInstance(DigestSignature.ALGORITHM)
                        .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                return new KeyPair(publicKeyOf(pkcs8), privateKey);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the digest signing key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("digest signing key file " + file + " is not an Ed25519 PKCS#8 PEM key", e);
        }
    }

    /** Reads a public key PEM file. */
    public static PublicKey readPublicKey(Path file) {
        try {
            return readPublicKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the public key " + file, e);
        }
    }

    /** Reads a public key PEM, as {@link #pem} of the public key writes it. */
    public static PublicKey readPublicKey(String pem) {
        try {
            return KeyFactory.getInstance(DigestSignature.ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key PEM", e);
        }
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /**
     * The public half of an Ed25519 PKCS#8 key: JDK 17 cannot derive it from a private key, Bouncy Castle can.
     */
    private static PublicKey publicKeyOf(byte[] pkcs8) throws GeneralSecurityException {
        try {
            Ed25519PrivateKeyParameters params = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(pkcs8);
            byte[] x509 = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(params.generatePublicKey())
                    .getEncoded();
            return KeyFactory.getInstance(DigestSignature.ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (IOException e) {
            throw new GeneralSecurityException("malformed PKCS#8 key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type) {
        String body = pem.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
