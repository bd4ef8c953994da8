package io.coffer.repo.git.transport;

import io.coffer.aws.identity.Authorizer;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.repo.git.storage.Repacker;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.EncryptionKeyAccess;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.jboss.logging.Logger;

/**
 * What a Git transport does once it knows the caller and the repository: authorize the pull or push, open the sealed
 * repository, and set up JGit's upload-pack or receive-pack with audit and repacking hooks. HTTPS and SSH both use
 * it, so neither can skip a check the other makes.
 */
@ApplicationScoped
public class GitService {

    private static final Logger LOG = Logger.getLogger(GitService.class);

    private final RepositoryStorage storage;
    private final GitAudit audit;
    private final Repacker repacker;
    private final Authorizer authorizer;
    private final EncryptionKeyAccess keyAccess;

    public GitService(RepositoryStorage storage, GitAudit audit, Repacker repacker, Authorizer authorizer,
            EncryptionKeyAccess keyAccess) {
        this.storage = storage;
        this.audit = audit;
        this.repacker = repacker;
        this.authorizer = authorizer;
        this.keyAccess = keyAccess;
    }

    /**
     * {@code codecommit:GitPull} or {@code GitPush} on the repository, and use of its KMS key, for the caller. A
     * refusal is audited before it is thrown.
     *
     * @throws AwsException the refusal, with a message for the user
     */
    public void authorize(GitSession session, boolean push) {
        Caller caller = session.caller();
        StoredRepository repository = session.repository();
        try {
            authorizer.authorize(caller, push ? "codecommit:GitPush" : "codecommit:GitPull", repository.arn());
            keyAccess.verify(caller, repository.keyArn(), repository.repositoryId());
        } catch (AwsException e) {
            audit.refused(session, push, e);
            throw e;
        }
    }

    /** The repository on sealed storage, reading and writing through crypto-service as the caller. */
    public SealedRepository open(GitSession session) {
        return storage.open(session.caller(), session.repository());
    }

    /**
     * @param protocol what the client asked for (HTTP's {@code Git-Protocol} header, SSH's {@code GIT_PROTOCOL}
     *                 variable), split at colons; empty for protocol v0
     */
    public UploadPack uploadPack(GitSession session, SealedRepository db, List<String> protocol) {
        UploadPack upload = new ReportingUploadPack(db);
        // send the deltas a pushing client made rather than search again (as JGit does on plain files): a pack
        // not yet repacked would otherwise be delta-searched on every clone
        PackConfig pack = new PackConfig(db);
        pack.setDeltaCompress(false);
        upload.setPackConfig(pack);
        if (!protocol.isEmpty()) {
            upload.setExtraParameters(protocol);
        }
        upload.setPostUploadHook(statistics -> audit.pulled(session, statistics));
        return upload;
    }

    public ReceivePack receivePack(GitSession session, SealedRepository db) {
        Caller caller = session.caller();
        ReceivePack receive = new ReceivePack(db);
        receive.setRefLogIdent(new PersonIdent(caller.principal().userName(), caller.principal().arn()));
        receive.setAllowCreates(true);
        receive.setAllowDeletes(true);
        receive.setAllowNonFastForwards(true);
        receive.setCheckReceivedObjects(true);
        db.refs().recordPushesWith(refs -> audit.pushApplied(session, refs));
        receive.setPostReceiveHook((pack, commands) -> {
            audit.pushed(session, pack.getAllCommands());
            try {
                repacker.pushed(caller, session.repository(), db.getObjectDatabase().getPacks().length);
            } catch (IOException e) {
                LOG.warnf("no repack scheduled for %s: %s", session.repository().repositoryId(), e.toString());
            }
        });
        return receive;
    }
}
