package io.coffer.aws.identity;

/**
 * An identities file that is refused, with where: the line (when known) and the field path, e.g.
 * {@code line 14: accounts[0].users[1].accessKeys[0].status: must be Active or Inactive}. Never carries a secret.
 */
public class IdentityFileException extends RuntimeException {

    private final int line;
    private final String field;

    public IdentityFileException(int line, String field, String message) {
        super((line > 0 ? "line " + line + ": " : "") + field + ": " + message, null, false, false);
        this.line = line;
        this.field = field;
    }

    /** 1-based; 0 when unknown. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
