package io.coffer.repo.git.storage;

import java.io.IOException;

/** An uploaded Git LFS object is not the one its oid and size claim. */
public final class LfsObjectMismatchException extends IOException {

    public LfsObjectMismatchException(String oid, long size, long read) {
        super(read != size ? "the object has " + (read > size ? "more than " + size : read) + " bytes, not " + size
                : "the object's SHA-256 is not " + oid);
    }
}
