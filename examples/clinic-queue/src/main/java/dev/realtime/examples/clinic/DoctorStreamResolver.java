package dev.realtime.examples.clinic;

import dev.realtime.ConnectionRequest;
import dev.realtime.servlet.ConnectionRequestResolver;
import dev.realtime.servlet.RequestRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;

/**
 * Maps {@code GET /api/sse/doctors/{id}} to a connection on resource {@code doctor-{id}}, so the
 * per-resource cap ({@code SSE_MAX_CONNECTIONS_PER_RESOURCE}) counts each doctor's dashboards
 * apart. A malformed id is refused with 400 and an unknown doctor with 404 before the stream takes
 * a slot; 503 while the database cannot tell.
 */
final class DoctorStreamResolver implements ConnectionRequestResolver {
  private final Store store;

  DoctorStreamResolver(Store store) {
    this.store = store;
  }

  @Override
  public ConnectionRequest resolve(HttpServletRequest request) throws RequestRejectedException {
    String[] path = Requests.segments(request);
    try {
      if (path.length != 1) {
        throw new ClinicException(404, "stream a doctor's queue at /api/sse/doctors/{doctorId}");
      }
      long id = Requests.doctorId(path[0]);
      Queue.Doctor doctor = store.doctor(id).orElseThrow(() -> ClinicException.unknownDoctor(id));
      ConnectionRequest.Builder builder = ConnectionRequest.builder(doctor.resource());
      String lastEventId = request.getHeader("Last-Event-ID");
      if (lastEventId != null && lastEventId.matches("[0-9]{1,19}")) {
        builder.lastEventId(lastEventId);
      }
      return builder.build();
    } catch (ClinicException e) {
      throw new RequestRejectedException(e.status(), e.getMessage());
    } catch (SQLException e) {
      throw new RequestRejectedException(503, "database unavailable; retry later");
    }
  }
}
