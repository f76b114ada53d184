package dev.realtime.examples.clinic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The queries that read a doctor and its queue, on a connection the {@link Store} holds. */
final class Reads {
  private Reads() {}

  /** Reads the doctor first, so the patients read after are at least as new as its version. */
  static Queue queue(Connection c, long doctorId) throws SQLException, ClinicException {
    Versioned doctor =
        doctor(c, doctorId).orElseThrow(() -> ClinicException.unknownDoctor(doctorId));
    Queue.Patient called = null;
    List<Queue.Patient> waiting = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, patient, status, checked_in_at, called_at FROM checkins"
                + " WHERE doctor_id = ? AND status IN (?, ?) ORDER BY id")) {
      ps.setLong(1, doctorId);
      ps.setString(2, Store.WAITING);
      ps.setString(3, Store.CALLED);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          OffsetDateTime calledAt = rs.getObject(5, OffsetDateTime.class);
          Queue.Patient p =
              new Queue.Patient(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getObject(4, OffsetDateTime.class).toInstant(),
                  Optional.ofNullable(calledAt).map(OffsetDateTime::toInstant));
          if (Store.CALLED.equals(rs.getString(3))) {
            called = p;
          } else {
            waiting.add(p);
          }
        }
      }
    }
    return new Queue(doctor.doctor(), doctor.version(), Optional.ofNullable(called), waiting);
  }

  record Versioned(Queue.Doctor doctor, long version) {}

  static Optional<Versioned> doctor(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, name, version FROM doctors WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Versioned(new Queue.Doctor(rs.getLong(1), rs.getString(2)), rs.getLong(3)))
            : Optional.empty();
      }
    }
  }
}
