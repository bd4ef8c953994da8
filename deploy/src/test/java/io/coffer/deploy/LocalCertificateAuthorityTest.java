package io.coffer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.kernel.TrustedRoots;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

    @TempDir
    Path directory;

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(c -> certificates.add((X509Certificate) c));
            return certificates;
        }
    }

    @Test
    void givenEmptyDirectory_whenEnsured_thenServerChainValidatesAgainstTheCaForLocalNames() throws Exception {
        LocalCertificateAuthority.Issued issued = LocalCertificateAuthority.ensure(directory, List.of("git.example"));
        assertTrue(issued.created());
        X509Certificate ca = certificates(issued.ca()).get(0);
        List<X509Certificate> chain = certificates(issued.certificate());
        assertEquals(2, chain.size(), "server certificate, then the CA's");

        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 1));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);

        List<String> names = new ArrayList<>();
        chain.get(0).getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
        assertTrue(names.containsAll(List.of("localhost", "git.example", "127.0.0.1", "repo-service")), names.toString());
        assertEquals(-1, chain.get(0).getBasicConstraints(), "not a CA");
        assertTrue(chain.get(0).getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");

        // the JDK's trust manager, given the CA file, accepts the chain as a TLS server's
        X509TrustManager trust = (X509TrustManager) TrustedRoots.trustManagers(Optional.of(issued.ca()))[0];
        trust.checkServerTrusted(chain.toArray(X509Certificate[]::new), "ECDHE_ECDSA");
    }

    @Test
    void givenIssued_whenEnsuredAgain_thenKeptAndTheKeyIsOwnerOnly() throws Exception {
        LocalCertificateAuthority.Issued first = LocalCertificateAuthority.ensure(directory, List.of());
        String certificate = Files.readString(first.certificate());
        LocalCertificateAuthority.Issued second = LocalCertificateAuthority.ensure(directory, List.of());
        assertFalse(second.created());
        assertEquals(certificate, Files.readString(second.certificate()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.key())));
        assertTrue(Files.readString(first.key()).startsWith("-----BEGIN PRIVATE KEY-----"));
        try (var files = Files.list(directory)) {
            assertEquals(3, files.count(), "no CA private key is left on disk");
        }
    }
}
