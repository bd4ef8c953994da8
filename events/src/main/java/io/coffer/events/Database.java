package io.coffer.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * How a service runs SQL: plain JDBC on its datasource, so that what PostgreSQL offers (COPY, arrays, advisory locks,
 * compare-and-swap updates, {@code jsonb}) is used as it is and no statement pays an ORM's catalog round trip. In a
 * transaction every call runs on the transaction's connection (Agroal enlists it); outside one each call commits on
 * its own. Parameters bind by position ({@code ?}); an {@link Instant} binds as a timestamp, a {@code Long[]},
 * {@code UUID[]} or {@code String[]} as a PostgreSQL array. Code that streams (COPY, batches) takes
 * {@link #connection()}.
 */
@ApplicationScoped
public class Database {

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The transaction's connection (or a fresh one outside a transaction); close it when done. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs an insert, update or delete; returns the rows it changed. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** Every row of a query, mapped. */
    public <T> List<T> list(String sql, Row<T> row, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rows.next()) {
                out.add(row.map(rows));
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** The first row of a query, mapped, if there is one. */
    public <T> Optional<T> first(String sql, Row<T> row, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.ofNullable(row.map(rows)) : Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p instanceof Instant instant) {
                    statement.setTimestamp(i + 1, Timestamp.from(instant));
                } else if (p instanceof Long[] || p instanceof UUID[] || p instanceof String[]) {
                    String type = p instanceof Long[] ? "bigint" : p instanceof UUID[] ? "uuid" : "text";
                    statement.setArray(i + 1, connection.createArrayOf(type, (Object[]) p));
                } else {
                    statement.setObject(i + 1, p);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
