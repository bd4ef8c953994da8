package io.coffer.repo.comment;

import java.util.List;
import java.util.Optional;

/**
 * The reactions a comment takes: a limited set, as in CodeCommit, each given by its emoji, its short code (with or
 * without colons) or its code point ({@code U+1F44D}). Events record the short code.
 */
final class Reactions {

    record Reaction(String emoji, String shortCode, String unicode) {
    }

    static final List<Reaction> ALL = List.of(
            new Reaction("\uD83D\uDC4D", "thumbsup", "U+1F44D"),
            new Reaction("\uD83D\uDC4E", "thumbsdown", "U+1F44E"),
            new Reaction("\uD83D\uDE04", "smile", "U+1F604"),
            new Reaction("\uD83D\uDE15", "confused", "U+1F615"),
            new Reaction("\u2764", "heart", "U+2764"),
            new Reaction("\uD83C\uDF89", "tada", "U+1F389"),
            new Reaction("\uD83D\uDE80", "rocket", "U+1F680"),
            new Reaction("\uD83D\uDC40", "eyes", "U+1F440"));

    private Reactions() {
    }

    /** The reaction a value names, if it names one of the set. */
    static Optional<Reaction> parse(String value) {
        String code = value.startsWith(":") && value.endsWith(":") && value.length() > 2
                ? value.substring(1, value.length() - 1) : value;
        return ALL.stream().filter(r -> r.emoji().equals(value) || r.shortCode().equals(code)
                || r.unicode().equalsIgnoreCase(value)).findFirst();
    }


    /** Whether a value takes a reaction back: CodeCommit's blank, null or {@code none}. */
    static boolean removes(String value) {
        return value == null || value.isBlank() || value.equalsIgnoreCase("none");
    }
}
