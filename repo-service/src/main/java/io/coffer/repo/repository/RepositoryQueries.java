package io.coffer.repo.repository;

import io.coffer.aws.AwsTimestamps;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.repo.git.refs.RefStore;
import io.coffer.repo.regionkey.RegionKeys;
import io.coffer.repo.repository.RepositoryRequests.BatchGetRepositoriesRequest;
import io.coffer.repo.repository.RepositoryRequests.BatchGetRepositoriesResponse;
import io.coffer.repo.repository.RepositoryRequests.GetRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.ListRepositoriesRequest;
import io.coffer.repo.repository.RepositoryRequests.ListRepositoriesResponse;
import io.coffer.repo.repository.RepositoryRequests.ListTagsForResourceRequest;
import io.coffer.repo.repository.RepositoryRequests.ListTagsForResourceResponse;
import io.coffer.repo.repository.RepositoryRequests.RepositoryMetadataResponse;
import io.coffer.repo.repository.RepositoryRequests.RepositoryNameIdPair;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;

/** The repository queries of the CodeCommit API, and the lookups Git and the branch API make by name. */
@ApplicationScoped
public class RepositoryQueries {

    /** BatchGetRepositories' limit, as CodeCommit documents it. */
    static final int MAX_BATCH_NAMES = 25;
    /** ListRepositories returns up to this many a page, as CodeCommit does. */
    static final int LIST_PAGE = 1000;

    private final RepositoryViews views;
    private final RegionKeys regionKeys;
    private final RefStore refs;
    private final CloneUrls cloneUrls;

    public RepositoryQueries(RepositoryViews views, RegionKeys regionKeys, RefStore refs, CloneUrls cloneUrls) {
        this.views = views;
        this.regionKeys = regionKeys;
        this.refs = refs;
        this.cloneUrls = cloneUrls;
    }

    @Transactional
    public RepositoryMetadataResponse get(Caller caller, GetRepositoryRequest request) {
        String name = RepositoryNames.validName(request.repositoryName());
        RepositoryView view = views.findByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        return new RepositoryMetadataResponse(metadata(view));
    }

    /** The tags of the repository an ARN names; fewer than a page always, so never a next token. */
    @Transactional
    public ListTagsForResourceResponse tags(Caller caller, ListTagsForResourceRequest request) {
        String name = RepositoryNames.fromArn(caller, request.resourceArn());
        RepositoryView view = views.findByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        return new ListTagsForResourceResponse(views.tags(view.repositoryId()), null);
    }

    /** The repositories found, in the order asked for, and the names not found. */
    @Transactional
    public BatchGetRepositoriesResponse batchGet(Caller caller, BatchGetRepositoriesRequest request) {
        List<String> names = request.repositoryNames();
        if (names == null || names.isEmpty()) {
            throw CodeCommitErrors.namesRequired();
        }
        if (names.size() > MAX_BATCH_NAMES) {
            throw CodeCommitErrors.tooManyNames(MAX_BATCH_NAMES);
        }
        names.forEach(RepositoryNames::validName);
        Map<String, RepositoryView> found = new HashMap<>();
        views.findByNames(caller.accountId(), caller.region(), names).forEach(view -> found.put(view.name(), view));
        List<RepositoryMetadata> repositories = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            RepositoryView view = found.get(name);
            if (view == null) {
                notFound.add(name);
            } else {
                repositories.add(metadata(view));
            }
        }
        return new BatchGetRepositoriesResponse(repositories, notFound);
    }

    /** The account's repositories in the region, sorted as asked, up to {@value #LIST_PAGE} a page. */
    @Transactional
    public ListRepositoriesResponse list(Caller caller, ListRepositoriesRequest request) {
        String sortBy = request.sortBy() == null ? "repositoryName" : request.sortBy();
        RepositoryViews.SortKey sortKey = switch (sortBy) {
            case "repositoryName" -> RepositoryViews.SortKey.NAME;
            case "lastModifiedDate" -> RepositoryViews.SortKey.LAST_MODIFIED;
            default -> throw CodeCommitErrors.invalidSortBy();
        };
        String order = request.order() == null ? "ascending" : request.order();
        boolean descending = switch (order) {
            case "ascending" -> false;
            case "descending" -> true;
            default -> throw CodeCommitErrors.invalidOrder();
        };
        String query = sortBy + ":" + order;
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        // one more than a page: whether there is a next page
        List<RepositoryView> page = views.page(caller.accountId(), caller.region(), sortKey, descending, offset,
                LIST_PAGE + 1);
        List<RepositoryNameIdPair> repositories = page.stream().limit(LIST_PAGE)
                .map(view -> new RepositoryNameIdPair(view.name(), view.repositoryId().toString())).toList();
        String next = page.size() > LIST_PAGE ? ListToken.of(offset + LIST_PAGE, query) : null;
        return new ListRepositoriesResponse(repositories, next);
    }

    /**
     * The caller's repository of that name, in the caller's region.
     *
     * @throws io.coffer.kernel.AwsException RepositoryNameRequired, InvalidRepositoryName or
     *         RepositoryDoesNotExist
     */
    @Transactional
    public StoredRepository stored(Caller caller, String name) {
        RepositoryNames.validName(name);
        RepositoryView view = views.findByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        return stored(view);
    }

    /** The repository with that ID, if it exists (a deleted repository does not). */
    @Transactional
    public Optional<StoredRepository> stored(UUID repositoryId) {
        return views.findById(repositoryId).map(this::stored);
    }

    private StoredRepository stored(RepositoryView view) {
        return new StoredRepository(view.repositoryId().toString(), view.accountId(), view.region(), view.name(),
                view.arn(), keyArn(view));
    }

    /** The account's repositories named {@code name}, one per region at most. */
    @Transactional
    public List<StoredRepository> named(String accountId, String name) {
        return views.findInAccount(accountId, name).stream()
                .map(this::stored).toList();
    }

    /** The ID of the caller's repository of that name, if there is one. */
    @Transactional
    public Optional<String> idOf(Caller caller, String name) {
        return views.findByName(caller.accountId(), caller.region(), name)
                .map(view -> view.repositoryId().toString());
    }

    /** The repository's key: its customer-managed key, or its region's aws/codecommit key. */
    String keyArn(RepositoryView view) {
        return view.kmsKeyId() != null ? view.kmsKeyId()
                : regionKeys.arnFor(view.accountId(), view.region()).orElse(null);
    }

    private RepositoryMetadata metadata(RepositoryView view) {
        return metadata(view, keyArn(view), defaultBranch(view));
    }

    /** The branch HEAD names, once a first branch was pushed (CodeCommit's default branch). */
    private String defaultBranch(RepositoryView view) {
        try {
            Ref head = refs.find(view.repositoryId(), Constants.HEAD);
            return head != null && head.isSymbolic() && head.getTarget().getName().startsWith(Constants.R_HEADS)
                    ? head.getTarget().getName().substring(Constants.R_HEADS.length()) : null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default branch of " + view.repositoryId(), e);
        }
    }

    /** CodeCommit's metadata of a repository whose key and default branch are known. */
    RepositoryMetadata metadata(RepositoryView view, String keyArn, String defaultBranch) {
        return new RepositoryMetadata(view.accountId(), view.repositoryId().toString(), view.name(),
                view.description(), defaultBranch, AwsTimestamps.epochSeconds(view.lastModified()),
                AwsTimestamps.epochSeconds(view.creationDate()), cloneUrls.http(view.name()),
                cloneUrls.ssh(view.name()), view.arn(), keyArn);
    }
}
