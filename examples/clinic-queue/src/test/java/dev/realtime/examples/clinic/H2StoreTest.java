package dev.realtime.examples.clinic;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/** The store on embedded H2, the default database: a fresh in-memory database per test. */
class H2StoreTest extends StoreContract {
  private final String url = "jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  Map<String, String> freshDatabase() {
    return Map.of("CLINIC_JDBC_URL", url, "CLINIC_DB_POOL_SIZE", "4");
  }

  @Override
  void dropDatabase() throws Exception {
    // DB_CLOSE_DELAY=-1 keeps it for a second store in the same test; drop it now.
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    }
  }
}
