package io.coffer.repo.git.refs;

import java.util.List;

/**
 * Refs of a repository changed in one accepted push or branch call: the reflog. Object IDs are 40 hex digits,
 * {@code null} for a ref created ({@code oldId}) or deleted ({@code newId}); a symbolic ref (HEAD, when the default
 * branch changes) has no IDs and names its new {@code target}.
 */
public record RefsUpdated(String repositoryId, String pusher, List<Update> updates) {

    public static final String TYPE = "RefsUpdated";
    public static final String AGGREGATE = "RepositoryRefs";

    public record Update(String ref, String oldId, String newId, String target) {
    }
}
