package io.coffer.repo.git.refs;

import java.util.List;

/**
 * Writes a push's record in the transaction that moves its refs, so no push is acknowledged without one and no
 * record tells of refs that did not move.
 */
@FunctionalInterface
public interface PushRecorder {

    /**
     * Called inside the ref transaction once at least one of the push's commands applied.
     *
     * @param refs every command of the push, with the result it has now that the transaction applied
     */
    void applied(List<PushedRef> refs);

    /** One command of a push: its ref, old and new object IDs, and JGit's name of its result. */
    record PushedRef(String ref, String oldId, String newId, String result) {
    }
}
