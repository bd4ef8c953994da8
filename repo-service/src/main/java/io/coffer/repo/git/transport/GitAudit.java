package io.coffer.repo.git.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.platform.auth.Caller;
import io.coffer.platform.aws.AwsException;
import io.coffer.platform.cloudtrail.AuditTrail;
import io.coffer.platform.cloudtrail.CloudTrailRecord;
import io.coffer.platform.contract.KeyProvisioned;
import io.coffer.platform.events.UuidV7;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import org.eclipse.jgit.storage.pack.PackStatistics;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * CloudTrail records of Git traffic, as CodeCommit writes them: {@code GitPush} and {@code GitPull}, with the
 * repository's name and ID in {@code additionalEventData} and its ARN as the resource. Published before the
 * request completes.
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

    /** A push: every command with its result; failed if none was applied. */
    public void pushed(GitSession session, Collection<ReceiveCommand> commands) {
        ObjectNode data = data(session);
        var refs = data.putArray("refs");
        boolean anyApplied = false;
        for (ReceiveCommand command : commands) {
            ObjectNode ref = refs.addObject();
            ref.put("ref", command.getRefName());
            ref.put("oldId", command.getOldId().name());
            ref.put("newId", command.getNewId().name());
            ref.put("result", command.getResult().name());
            anyApplied |= command.getResult() == ReceiveCommand.Result.OK;
        }
        CloudTrailRecord record = record(session, "GitPush", false).additionalEventData(data);
        if (!anyApplied && !commands.isEmpty()) {
            record.error("GitPushRejected", "No ref was updated");
        }
        publish(session, record);
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
