package io.coffer.repo.commit;

/** Paths in a repository as CodeCommit takes them: relative to the root, leading and trailing slashes ignored. */
public final class RepositoryPaths {

    private static final int MAX_PATH = 4096;

    private RepositoryPaths() {
    }

    /**
     * {@code path} without leading and trailing slashes; the empty string is the root.
     *
     * @throws io.coffer.kernel.AwsException PathRequiredException if null, InvalidPathException if it has an empty,
     *     {@code .}, {@code ..} or {@code .git} segment, a NUL, or is too long
     */
    public static String normalize(String path) {
        if (path == null) {
            throw CommitErrors.pathRequired();
        }
        String trimmed = path.replaceAll("^/+|/+$", "");
        if (trimmed.length() > MAX_PATH || trimmed.contains("//") || trimmed.indexOf('\0') >= 0) {
            throw CommitErrors.invalidPath();
        }
        if (!trimmed.isEmpty()) {
            for (String segment : trimmed.split("/")) {
                if (segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase(".git")) {
                    throw CommitErrors.invalidPath();
                }
            }
        }
        return trimmed;
    }

    /** As {@link #normalize(String)}, and not the root: a file's path. */
    public static String file(String path) {
        String normalized = normalize(path);
        if (normalized.isEmpty()) {
            throw CommitErrors.invalidPath();
        }
        return normalized;
    }
}
