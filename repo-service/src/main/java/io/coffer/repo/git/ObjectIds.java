package io.coffer.repo.git;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;

/** Object IDs as CodeCommit takes them: the full 40 hexadecimal digits, in either case; no abbreviations. */
public final class ObjectIds {

    private static final Pattern FULL = Pattern.compile("[0-9a-fA-F]{40}");

    private ObjectIds() {
    }

    /** The ID {@code text} spells in full, or empty if it is not one (null, abbreviated, a name). */
    public static Optional<ObjectId> parse(String text) {
        return text != null && FULL.matcher(text).matches()
                ? Optional.of(ObjectId.fromString(text.toLowerCase(Locale.ROOT))) : Optional.empty();
    }
}
