package io.coffer.events;

import java.sql.SQLException;

/** A statement failed; {@link #sqlState()} says how (e.g. {@code 23505}, a unique violation). */
public class DatabaseException extends RuntimeException {

    public static final String UNIQUE_VIOLATION = "23505";

    private final String sqlState;

    public DatabaseException(String sql, SQLException cause) {
        super(cause.getMessage() + " (in: " + firstLine(sql) + ")", cause);
        this.sqlState = cause.getSQLState();
    }

    public String sqlState() {
        return sqlState;
    }

    public boolean isUniqueViolation() {
        return UNIQUE_VIOLATION.equals(sqlState);
    }

    private static String firstLine(String sql) {
        String trimmed = sql.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline) + " …";
    }
}
