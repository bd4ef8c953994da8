package io.coffer.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for a local run: on first start it makes a CA certificate and a server certificate for
 * this machine's names (ECDSA P-256, SHA-256, Bouncy Castle PKIX), so every service serves HTTPS and every client can
 * verify it by trusting one file. The CA's private key is used once and never written: nobody can mint another
 * certificate from what is on disk. Run {@code java -cp <deploy and Bouncy Castle jars> }
 * {@code io.coffer.deploy.LocalCertificateAuthority <dir> [extra host names]}.
 */
public final class LocalCertificateAuthority {

    public static final String CA_FILE = "ca.pem";
    public static final String CERTIFICATE_FILE = "server.pem";
    public static final String KEY_FILE = "server.key";
    /** The server's key and chain for servers that take no PEM (S3Proxy's Jetty), made on request. */
    public static final String KEY_STORE_FILE = "server.p12";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Below the 825 days that Apple's and browsers' rules allow a server certificate. */
    private static final Duration SERVER_VALIDITY = Duration.ofDays(800);
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalCertificateAuthority() {
    }

    /** Where the files are: the CA certificate to trust, the server's certificate chain and its private key. */
    public record Issued(Path ca, Path certificate, Path key, boolean created) {
    }

    /**
     * The files in {@code directory}, made now if any is missing.
     *
     * @param hostNames names the server certificate must cover besides {@code localhost}, 127.0.0.1 and ::1
     */
    public static Issued ensure(Path directory, List<String> hostNames) throws IOException, GeneralSecurityException {
        Path ca = directory.resolve(CA_FILE);
        Path certificate = directory.resolve(CERTIFICATE_FILE);
        Path key = directory.resolve(KEY_FILE);
        if (Files.exists(ca) && Files.exists(certificate) && Files.exists(key)) {
            return new Issued(ca, certificate, key, false);
        }
        Files.createDirectories(directory);
        KeyPair caKeys = ecKeyPair();
        KeyPair serverKeys = ecKeyPair();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=Coffer local CA " + now.getEpochSecond() + ",O=Coffer");
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        try {
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), caName,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = sign(caBuilder, caKeys);

            List<GeneralName> names = new ArrayList<>();
            for (String name : names(hostNames)) {
                names.add(new GeneralName(GeneralName.dNSName, name));
            }
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.iPAddress, "::1"));
            X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_VALIDITY)),
                    new X500Name("CN=localhost,O=Coffer"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate serverCertificate = sign(serverBuilder, caKeys);

            writeSecret(key, serverKeys);
            writePem(certificate, serverCertificate, caCertificate);
            writePem(ca, caCertificate);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificates", e);
        }
        return new Issued(ca, certificate, key, true);
    }

    /** localhost, this machine's host name, the services' and the console's names and {@code extra}, no repeats. */
    private static Set<String> names(List<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "repo-service", "key-service", "crypto-service",
                "audit-service", "console"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            // a machine without a resolvable name still has localhost
        }
        names.addAll(extra);
        return names;
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static void writePem(Path file, X509Certificate... certificates) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        }
    }

    /** The server's private key as PKCS#8 PEM, readable by its owner only from the moment it exists. */
    private static void writeSecret(Path file, KeyPair keys) throws IOException {
        createOwnerOnly(file);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
    }

    /** The server's private key and certificate chain as a PKCS#12 key store, the key protected by {@code password}. */
    public static KeyStore serverKeyStore(Issued issued, char[] password) throws IOException, GeneralSecurityException {
        String pem = Files.readString(issued.key(), StandardCharsets.US_ASCII);
        byte[] pkcs8 = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        try (InputStream in = Files.newInputStream(issued.certificate())) {
            keys.setKeyEntry("server", KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)),
                    password, CertificateFactory.getInstance("X.509").generateCertificates(in)
                            .toArray(Certificate[]::new));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        return keys;
    }

    /** Writes {@link #serverKeyStore} to {@link #KEY_STORE_FILE} beside the PEM files, readable by its owner only. */
    public static Path writeServerKeyStore(Issued issued, char[] password) throws IOException, GeneralSecurityException {
        Path file = issued.key().resolveSibling(KEY_STORE_FILE);
        KeyStore keys = serverKeyStore(issued, password);
        createOwnerOnly(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            keys.store(out, password);
        }
        return file;
    }

    /** A new empty file (replacing any) that only its owner can read, from the moment it exists. */
    private static void createOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("key-store")) {
            Issued issued = ensure(Path.of(args[1]), List.of());
            System.out.println("Wrote " + writeServerKeyStore(issued, args[2].toCharArray()).toAbsolutePath());
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: LocalCertificateAuthority <directory> [extra host names...]");
            System.err.println("       LocalCertificateAuthority key-store <directory> <password>");
            System.exit(2);
        }
        Issued issued = ensure(Path.of(args[0]), List.of(args).subList(1, args.length));
        System.out.println((issued.created() ? "Made" : "Using") + " the local CA " + issued.ca().toAbsolutePath());
    }
}
