package io.coffer.repo.file;

import org.eclipse.jgit.lib.FileMode;

/** CodeCommit's names of Git's file modes: NORMAL, EXECUTABLE and SYMLINK. */
public final class FileModes {

    private FileModes() {
    }

    public static String name(FileMode mode) {
        if (mode == FileMode.EXECUTABLE_FILE) {
            return "EXECUTABLE";
        }
        return mode == FileMode.SYMLINK ? "SYMLINK" : "NORMAL";
    }

    /** The mode a caller named; none is NORMAL. */
    public static FileMode parse(String name) {
        if (name == null) {
            return FileMode.REGULAR_FILE;
        }
        return switch (name) {
            case "NORMAL" -> FileMode.REGULAR_FILE;
            case "EXECUTABLE" -> FileMode.EXECUTABLE_FILE;
            case "SYMLINK" -> FileMode.SYMLINK;
            default -> throw FileErrors.invalidFileMode();
        };
    }
}
