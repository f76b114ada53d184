package dev.realtime.examples.clinic;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, user postgres; {@code .ci/run}
 * makes sure the server runs), created with a unique name and dropped on {@link #close()}. It can
 * be taken down and brought back, as an outage of the clinic's database would look.
 */
final class PostgresDatabase implements AutoCloseable {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "postgres";
  // Ignored under the machine's trust authentication; .ci/run sets it on a fresh install.
  static final String PASSWORD = "postgres";

  private final String name;

  private PostgresDatabase(String name) {
    this.name = name;
  }

  static PostgresDatabase create() throws SQLException {
    String name = "clinic_test_" + UUID.randomUUID().toString().replace("-", "");
    admin("CREATE DATABASE " + name);
    return new PostgresDatabase(name);
  }

  /** The clinic's settings for this database. */
  Map<String, String> environment() {
    return Map.of(
        "CLINIC_JDBC_URL",
        SERVER + name,
        "CLINIC_JDBC_USER",
        USER,
        "CLINIC_JDBC_PASSWORD",
        PASSWORD,
        "CLINIC_DB_POOL_SIZE",
        "4",
        "CLINIC_DB_CONNECTION_TIMEOUT_MS",
        "1000",
        "CLINIC_DB_VALIDATION_TIMEOUT_MS",
        "500");
  }

  /** Refuses new connections to this database and ends the open ones (the pool's). */
  void takeDown() throws SQLException {
    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + name
            + "' AND pid <> pg_backend_pid()");
  }

  /** Accepts connections again. */
  void bringBack() throws SQLException {
    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
  }

  @Override
  public void close() throws SQLException {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
