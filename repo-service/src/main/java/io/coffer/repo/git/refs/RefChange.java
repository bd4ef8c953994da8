package io.coffer.repo.git.refs;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * One compare-and-swap of a ref: applied only if the ref is still what the caller saw ({@code expected}: an object
 * ID, a symbolic target, or nothing for a ref that must not exist yet).
 *
 * @param expected the ref as read, null if it must not exist
 * @param replacement the new ref, null to delete it
 */
public record RefChange(String name, Ref expected, Ref replacement) {

    ObjectId oldId() {
        return expected == null || expected.isSymbolic() ? null : expected.getObjectId();
    }

    ObjectId newId() {
        return replacement == null || replacement.isSymbolic() ? null : replacement.getObjectId();
    }

    String newTarget() {
        return replacement != null && replacement.isSymbolic() ? replacement.getTarget().getName() : null;
    }
}
