package dev.realtime.examples.clinic;

import java.util.Map;

/** The store on the machine's PostgreSQL: a database of its own per test, dropped afterwards. */
class PostgresStoreIT extends StoreContract {
  private PostgresDatabase database;

  @Override
  Map<String, String> freshDatabase() throws Exception {
    if (database == null) {
      database = PostgresDatabase.create();
    }
    return database.environment();
  }

  @Override
  void dropDatabase() throws Exception {
    if (database != null) {
      database.close();
    }
  }
}
