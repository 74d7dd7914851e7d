package learning.api.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on a connection the database lends for the duration of a call.
 *
 * @param <T> the result type
 */
@org.osgi.annotation.versioning.ConsumerType
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param connection a connection, valid only during this call; do not commit, roll back or close it
     * @return the result
     * @throws SQLException on a database error; the transaction is rolled back
     */
    T run(Connection connection) throws SQLException;
}
