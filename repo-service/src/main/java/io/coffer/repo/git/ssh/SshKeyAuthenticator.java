package io.coffer.repo.git.ssh;

import io.coffer.aws.auth.CredentialStore;
import io.coffer.kernel.Principal;
import java.security.PublicKey;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.jboss.logging.Logger;

/**
 * Public-key authentication as CodeCommit does it: the SSH user name is the key's ID ({@code APKA…}) and the offered
 * key must be the one registered under that ID for an IAM user, and active. The user is kept on the session for the
 * Git command, which checks again that the key is still active.
 */
final class SshKeyAuthenticator implements PublickeyAuthenticator {

    static final AttributeKey<Principal> PRINCIPAL = new AttributeKey<>();
    private static final Logger LOG = Logger.getLogger(SshKeyAuthenticator.class);

    private final CredentialStore credentials;

    SshKeyAuthenticator(CredentialStore credentials) {
        this.credentials = credentials;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        byte[] offered = blob(key);
        var registered = credentials.findSshKey(username).filter(k -> k.key().matches(offered));
        if (registered.isEmpty()) {
            LOG.debugf("SSH key refused from %s", session.getClientAddress());
            return false;
        }
        session.setAttribute(PRINCIPAL, registered.get().principal());
        return true;
    }

    /** The key in SSH wire format, as the identities file holds it. */
    static byte[] blob(PublicKey key) {
        ByteArrayBuffer buffer = new ByteArrayBuffer();
        buffer.putRawPublicKey(key);
        return buffer.getCompactData();
    }
}
