package dev.realtime.examples.clinic;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The database as the health endpoint reports it: whether a pooled connection answers, and the
 * pool's counts (the field guides watch active connections against the pool size).
 *
 * @param up whether a pooled connection answered
 * @param product the database product, e.g. {@code H2} or {@code PostgreSQL}
 * @param error why it is down
 * @param active connections in use
 * @param idle connections ready in the pool
 * @param max the pool's size
 * @param waiting threads waiting for a connection
 */
record DatabaseHealth(
    boolean up,
    String product,
    Optional<String> error,
    int active,
    int idle,
    int max,
    int waiting) {

  /** Borrows a connection (waiting at most the pool's connection timeout) and validates it. */
  static DatabaseHealth check(HikariDataSource pool) {
    String error = null;
    String product = "unknown";
    try (Connection c = pool.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
      if (!c.isValid((int) Math.max(1, pool.getValidationTimeout() / 1000))) {
        error = "connection did not answer a validation check";
      }
    } catch (SQLException | RuntimeException e) {
      error = Store.rootMessage(e);
    }
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    return new DatabaseHealth(
        error == null,
        product,
        Optional.ofNullable(error),
        bean == null ? 0 : bean.getActiveConnections(),
        bean == null ? 0 : bean.getIdleConnections(),
        pool.getMaximumPoolSize(),
        bean == null ? 0 : bean.getThreadsAwaitingConnection());
  }

  /** {@code {"status":"UP","product":..,"error":..,"pool":{..}}}. */
  Json toJson() {
    return Json.object()
        .field("status", up ? "UP" : "DOWN")
        .field("product", product)
        .field("error", error.orElse(null))
        .field(
            "pool",
            Json.object()
                .field("active", active)
                .field("idle", idle)
                .field("max", max)
                .field("waiting", waiting));
  }
}
