package dev.realtime.examples.clinic;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The waiting rooms in a relational database, through a HikariCP pool.
 *
 * <p>Every write runs in one transaction that first bumps the doctor's {@code version}, which locks
 * the doctor's row: writes to one doctor's queue take turns, on one instance or many sharing the
 * database, so two reception desks calling "next" at once never call the same patient. The queue
 * returned is read inside the same transaction, after the change, and is what gets broadcast once
 * the transaction has committed; a change whose queue would be too large to broadcast is not
 * committed.
 *
 * <p>Database failures surface as {@link SQLException} (a pool that cannot hand out a connection
 * within {@code CLINIC_DB_CONNECTION_TIMEOUT_MS} throws one too); the servlets answer them with
 * 503.
 */
final class Store implements AutoCloseable {
  /** Longest patient name, in characters. */
  static final int MAX_PATIENT_NAME = 100;

  static final String WAITING = "waiting";
  static final String CALLED = "called";
  static final String DONE = "done";

  private final HikariDataSource pool;
  private final int maxQueueBytes;

  private Store(HikariDataSource pool, int maxQueueBytes) {
    this.pool = pool;
    this.maxQueueBytes = maxQueueBytes;
  }

  /**
   * Opens the pool, creates the schema if missing and seeds the doctors on first start.
   *
   * @param settings the JDBC URL, credentials, pool size and timeouts
   * @param poolName names the pool and its threads
   * @param maxQueueBytes the largest queue document a write may leave (the hub's message limit), so
   *     that every stored change can be broadcast
   * @throws SQLException when the database cannot be reached or the schema not created
   */
  static Store open(ClinicSettings settings, String poolName, int maxQueueBytes)
      throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(settings.jdbcUrl());
    settings.jdbcUser().ifPresent(config::setUsername);
    settings.jdbcPassword().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.poolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(settings.validationTimeout().toMillis());
    config.setMaxLifetime(settings.maxLifetime().toMillis());
    config.setExceptionOverride(new BrokenConnections());
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config); // fails fast when the database is unreachable
    } catch (RuntimeException e) {
      throw new SQLException(
          "Cannot open the database pool for "
              + settings.jdbcUrl().replaceAll("(?i)(password=)[^&;]*", "$1***")
              + ": "
              + rootMessage(e),
          e);
    }
    try {
      Schema.create(pool);
      return new Store(pool, maxQueueBytes);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Every doctor, by id. */
  List<Queue.Doctor> doctors() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, name FROM doctors ORDER BY id")) {
      List<Queue.Doctor> doctors = new ArrayList<>();
      while (rs.next()) {
        doctors.add(new Queue.Doctor(rs.getLong(1), rs.getString(2)));
      }
      return doctors;
    }
  }

  /** The doctor with this id, if there is one. */
  Optional<Queue.Doctor> doctor(long id) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return Reads.doctor(c, id).map(Reads.Versioned::doctor);
    }
  }

  /** The doctor's current queue. */
  Queue queue(long doctorId) throws SQLException, ClinicException {
    try (Connection c = pool.getConnection()) {
      return Reads.queue(c, doctorId);
    }
  }

  /**
   * Adds a patient at the end of the doctor's queue.
   *
   * @param doctorId the doctor
   * @param patient the patient's name, see {@link #requirePatientName}
   * @return the new check-in and the queue after it
   */
  Queue.Change checkIn(long doctorId, String patient) throws SQLException, ClinicException {
    String name = requirePatientName(patient);
    return inTransaction(
        doctorId,
        c -> {
          long id;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO checkins (doctor_id, patient, status) VALUES (?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, doctorId);
            ps.setString(2, name);
            ps.setString(3, WAITING);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong("id");
            }
          }
          return id;
        });
  }

  /**
   * Calls the first waiting patient in; the patient called before is done.
   *
   * @param doctorId the doctor
   * @return the patient called and the queue after it
   * @throws ClinicException 409 when nobody is waiting (nothing changes then)
   */
  Queue.Change callNext(long doctorId) throws SQLException, ClinicException {
    return inTransaction(
        doctorId,
        c -> {
          long next;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM checkins WHERE doctor_id = ? AND status = ?"
                      + " ORDER BY id FETCH FIRST 1 ROWS ONLY")) {
            ps.setLong(1, doctorId);
            ps.setString(2, WAITING);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new ClinicException(409, "no patient is waiting for doctor " + doctorId);
              }
              next = rs.getLong(1);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE checkins SET status = ? WHERE doctor_id = ? AND status = ?")) {
            ps.setString(1, DONE);
            ps.setLong(2, doctorId);
            ps.setString(3, CALLED);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE checkins SET status = ?, called_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            ps.setString(1, CALLED);
            ps.setLong(2, next);
            ps.executeUpdate();
          }
          return next;
        });
  }

  /** Checks that the database answers, within the pool's timeouts. */
  DatabaseHealth health() {
    return DatabaseHealth.check(pool);
  }

  /** Whether {@link #close()} ran. */
  boolean isClosed() {
    return pool.isClosed();
  }

  /** Closes every pooled connection and the pool's threads. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }

  /**
   * Trims and checks a patient's name.
   *
   * @throws IllegalArgumentException naming the field and the limit
   */
  static String requirePatientName(String raw) {
    String name = raw == null ? "" : raw.strip();
    if (name.isEmpty() || name.length() > MAX_PATIENT_NAME) {
      throw new IllegalArgumentException(
          "patient must be 1-" + MAX_PATIENT_NAME + " characters, was " + name.length());
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("patient must not contain control characters");
    }
    return name;
  }

  /** One write: lock the doctor (by bumping its version), change, read the queue, commit. */
  private Queue.Change inTransaction(long doctorId, Write write)
      throws SQLException, ClinicException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE doctors SET version = version + 1 WHERE id = ?")) {
          ps.setLong(1, doctorId);
          if (ps.executeUpdate() == 0) {
            throw ClinicException.unknownDoctor(doctorId);
          }
        }
        long patientId = write.apply(c);
        Queue queue = Reads.queue(c, doctorId);
        int bytes = queue.toJson().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxQueueBytes) {
          throw new ClinicException(
              409,
              "the queue of doctor "
                  + doctorId
                  + " is full: it would take "
                  + bytes
                  + " bytes, more than REALTIME_MAX_MESSAGE_BYTES ("
                  + maxQueueBytes
                  + ")");
        }
        c.commit();
        Queue.Patient patient =
            queue.called().filter(p -> p.id() == patientId).isPresent()
                ? queue.called().get()
                : queue.waiting().stream().filter(p -> p.id() == patientId).findFirst().get();
        return new Queue.Change(patient, queue);
      } catch (SQLException | ClinicException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e); // the connection is likely gone; the pool will discard it
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The change part of a write; returns the id of the patient it concerned. */
  @FunctionalInterface
  private interface Write {
    long apply(Connection c) throws SQLException, ClinicException;
  }
}
