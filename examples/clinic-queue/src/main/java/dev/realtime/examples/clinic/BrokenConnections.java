package dev.realtime.examples.clinic;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells HikariCP which errors mean that a pooled connection is dead. HikariCP knows the SQL states
 * of connection failures ({@code 08xxx}) and PostgreSQL's shutdown codes, but not H2's: an H2
 * client whose server went away answers every call with {@code 90121} ("database is already
 * closed"), and without this the pool would keep handing out that dead connection after the
 * database came back.
 */
final class BrokenConnections implements SQLExceptionOverride {
  /** H2: connection broken, database closed, database called at shutdown. */
  private static final Set<String> H2_DEAD = Set.of("90067", "90098", "90121");

  @java.lang.Override // qualified: SQLExceptionOverride.Override, an enum, shadows it here
  public Override adjudicate(SQLException e) {
    return H2_DEAD.contains(e.getSQLState()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
  }
}
