package io.coffer.repo.git.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.UuidV7;
import io.coffer.repo.git.refs.PushRecorder;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.storage.pack.PackStatistics;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * CloudTrail records of Git traffic, as CodeCommit writes them: {@code GitPush} and {@code GitPull}, with the
 * repository's name and ID in {@code additionalEventData} and its ARN as the resource. A push that moves refs is
 * recorded with them; every other record is published before the request completes.
 */
@ApplicationScoped
public class GitAudit {

    private static final String RESOURCE_TYPE = "AWS::CodeCommit::Repository";

    private final AuditTrail trail;
    private final ObjectMapper json;

    public GitAudit(AuditTrail trail, ObjectMapper json) {
        this.trail = trail;
        this.json = json;
    }

    /**
     * A push that moved refs: its record, with every command and its result, goes into the outbox in the transaction
     * that moves them ({@link io.coffer.repo.git.refs.PushRecorder}), so git hears of success only once the record is
     * as durable as the refs, whether Kafka is up or not.
     */
    public void pushApplied(GitSession session, List<PushRecorder.PushedRef> commands) {
        CloudTrailRecord record = record(session, "GitPush", false).additionalEventData(pushData(session, commands));
        Caller caller = session.caller();
        trail.record(record, caller.actor(), caller.region(), caller.requestId());
    }

    /** A push once it is over: if no ref moved (every command refused), its record says so; else it has one. */
    public void pushed(GitSession session, Collection<ReceiveCommand> commands) {
        if (commands.isEmpty() || commands.stream().anyMatch(c -> c.getResult() == ReceiveCommand.Result.OK)) {
            return;
        }
        List<PushRecorder.PushedRef> refused = commands.stream().map(c -> new PushRecorder.PushedRef(
                c.getRefName(), c.getOldId().name(), c.getNewId().name(), c.getResult().name())).toList();
        publish(session, record(session, "GitPush", false).additionalEventData(pushData(session, refused))
                .error("GitPushRejected", "No ref was updated"));
    }

    private ObjectNode pushData(GitSession session, List<PushRecorder.PushedRef> commands) {
        ObjectNode data = data(session);
        var refs = data.putArray("refs");
        for (PushRecorder.PushedRef command : commands) {
            ObjectNode ref = refs.addObject();
            ref.put("ref", command.ref());
            ref.put("oldId", command.oldId());
            ref.put("newId", command.newId());
            ref.put("result", command.result());
        }
        return data;
    }

    /** A fetch or clone that was sent a pack. */
    public void pulled(GitSession session, PackStatistics statistics) {
        ObjectNode data = data(session);
        ObjectNode transferred = data.putObject("dataTransferred");
        transferred.put("totalObjects", statistics.getTotalObjects());
        transferred.put("totalBytes", statistics.getTotalBytes());
        data.put("shallow", statistics.getDepth() > 0);
        publish(session, record(session, "GitPull", true).additionalEventData(data));
    }

    /** A Git LFS object received ({@code upload}) or sent. */
    public void lfsTransferred(GitSession session, boolean upload, String oid, long size) {
        ObjectNode data = data(session);
        data.put("lfsObject", oid);
        data.put("size", size);
        publish(session, record(session, upload ? "GitLfsUpload" : "GitLfsDownload", !upload)
                .additionalEventData(data));
    }

    /** A push or pull refused before any data moved: the caller may not, or may not use the repository's key. */
    public void refused(GitSession session, boolean push, AwsException reason) {
        publish(session, record(session, push ? "GitPush" : "GitPull", !push).additionalEventData(data(session))
                .error(reason.errorType(), reason.getMessage()));
    }

    /** The protocol, the repository, and for SSH the key the user authenticated with. */
    private ObjectNode data(GitSession session) {
        StoredRepository repository = session.repository();
        ObjectNode data = json.createObjectNode();
        data.put("protocol", session.transport().name());
        data.put("repositoryName", repository.name());
        data.put("repositoryId", repository.repositoryId());
        if (session.transport() == GitSession.Transport.SSH) {
            data.put("sshKeyId", session.caller().principal().accessKeyId());
        }
        return data;
    }

    private void publish(GitSession session, CloudTrailRecord record) {
        Caller caller = session.caller();
        trail.publish(record, caller.actor(), caller.region(), caller.requestId());
    }

    private static CloudTrailRecord record(GitSession session, String event, boolean readOnly) {
        Caller caller = session.caller();
        return CloudTrailRecord.apiCall(UuidV7.next(), Instant.now(), caller.actor(), caller.region(), KeyProvisioned.CODECOMMIT_SERVICE,
                event, readOnly).requestId(caller.requestId()).resource(session.repository().arn(), RESOURCE_TYPE);
    }
}
