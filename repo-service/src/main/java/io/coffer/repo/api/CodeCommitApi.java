package io.coffer.repo.api;

import io.coffer.platform.aws.AwsJsonApi;
import io.coffer.platform.aws.AwsOperation;
import io.coffer.repo.repository.Repositories;
import io.coffer.repo.repository.RepositoryRequests.CreateRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.GetRepositoryRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** The CodeCommit operations Coffer serves. */
@ApplicationScoped
public class CodeCommitApi implements AwsJsonApi {

    private final Map<String, AwsOperation<?, ?>> operations;

    public CodeCommitApi(Repositories repositories) {
        this.operations = Map.of(
                "CreateRepository", AwsOperation.command("CreateRepository", CreateRepositoryRequest.class,
                        repositories::create).thenAfterCommit(repositories::awaitKey),
                "GetRepository", AwsOperation.query("GetRepository", GetRepositoryRequest.class,
                        repositories::get));
    }

    @Override
    public String targetPrefix() {
        return "CodeCommit_20150413";
    }

    @Override
    public Set<String> signingNames() {
        return Set.of("codecommit");
    }

    @Override
    public String eventSource() {
        return "codecommit.amazonaws.com";
    }

    @Override
    public Map<String, AwsOperation<?, ?>> operations() {
        return operations;
    }
}
