package io.coffer.console.code;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;

/**
 * What every page of a repository shows at its top: its name, clone URLs, branches and the ref in view.
 *
 * @param ref the branch or commit in view: the one asked for, else the default branch, else the first; null in an
 *            empty repository
 */
public record RepositoryView(RepositoryMetadata metadata, List<String> branches, String ref) {

    /** GetRepository and ListBranches, as the user. */
    public static RepositoryView load(CodeCommitClient codeCommit, String name, String ref) {
        RepositoryMetadata metadata = codeCommit.getRepository(r -> r.repositoryName(name)).repositoryMetadata();
        List<String> branches = new ArrayList<>(codeCommit.listBranchesPaginator(r -> r.repositoryName(name))
                .branches().stream().toList());
        branches.sort(String.CASE_INSENSITIVE_ORDER);
        String inView = ref != null && !ref.isBlank() ? ref.strip()
                : metadata.defaultBranch() != null ? metadata.defaultBranch()
                : branches.isEmpty() ? null : branches.get(0);
        return new RepositoryView(metadata, List.copyOf(branches), inView);
    }

    public String name() {
        return metadata.repositoryName();
    }
}
