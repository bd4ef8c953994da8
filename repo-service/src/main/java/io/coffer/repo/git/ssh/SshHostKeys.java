package io.coffer.repo.git.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.jboss.logging.Logger;

/**
 * The server's host keys, Ed25519 and RSA (3072 bits), in OpenSSH's file format under one directory. Each is made on
 * first start and then kept, so clients' {@code known_hosts} entries stay valid across restarts; a key file that is
 * there but unreadable stops the start rather than being replaced. The public halves sit beside them
 * ({@code *.pub}) for operators to publish.
 */
final class SshHostKeys {

    private static final Logger LOG = Logger.getLogger(SshHostKeys.class);

    /** File name, key type, size in bits. */
    private record Spec(String file, String type, int bits) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("ssh_host_ed25519_key", KeyPairProvider.SSH_ED25519, 256),
            new Spec("ssh_host_rsa_key", KeyPairProvider.SSH_RSA, 3072));

    private SshHostKeys() {
    }

    static KeyPairProvider load(Path directory) {
        List<KeyPair> pairs = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (Spec spec : SPECS) {
                Path file = directory.resolve(spec.file());
                KeyPair pair = Files.exists(file) ? read(file) : generate(spec, file);
                LOG.infof("SSH host key %s %s (%s)", spec.type(), KeyUtils.getFingerPrint(pair.getPublic()), file);
                pairs.add(pair);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SSH host keys in " + directory + " cannot be read or made", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SSH host keys in " + directory + " cannot be read or made", e);
        }
        return KeyPairProvider.wrap(pairs);
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, null);
            Iterator<KeyPair> first = pairs == null ? null : pairs.iterator();
            if (first == null || !first.hasNext()) {
                throw new IOException("no key in " + file);
            }
            return first.next();
        }
    }

    private static KeyPair generate(Spec spec, Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyUtils.generateKeyPair(spec.type(), spec.bits());
        OpenSSHKeyPairResourceWriter writer = new OpenSSHKeyPairResourceWriter();
        Path publicFile = file.resolveSibling(spec.file() + ".pub");
        writeAtomically(publicFile, out -> writer.writePublicKey(pair.getPublic(), "coffer host key", out));
        writeAtomically(file, out -> writer.writePrivateKey(pair, "coffer host key", null, out));
        LOG.infof("made SSH host key %s", file);
        return pair;
    }

    @FunctionalInterface
    private interface Writing {
        void to(OutputStream out) throws IOException, GeneralSecurityException;
    }

    /** Owner-only from the start, and complete or absent: a crash while writing leaves no half key behind. */
    private static void writeAtomically(Path file, Writing writing) throws IOException, GeneralSecurityException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                writing.to(out);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
