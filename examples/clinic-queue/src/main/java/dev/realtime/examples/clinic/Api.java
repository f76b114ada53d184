package dev.realtime.examples.clinic;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.SQLException;

/**
 * Runs a request handler and turns its failures into JSON answers: a {@link ClinicException} into
 * its status, bad input ({@link IllegalArgumentException}) into 400, and a database failure into
 * {@code 503} with {@code Retry-After}, so clients and load balancers know to come back.
 */
final class Api {
  private static final System.Logger LOG = System.getLogger(Api.class.getName());

  /** Seconds a client should wait before retrying after a database failure. */
  static final int RETRY_AFTER_SECONDS = 5;

  private Api() {}

  /** A request handler. */
  @FunctionalInterface
  interface Handler {
    void handle() throws IOException, SQLException, ClinicException;
  }

  static void run(HttpServletResponse response, Handler handler) throws IOException {
    try {
      handler.handle();
    } catch (ClinicException e) {
      Json.error(e.getMessage()).send(response, e.status());
    } catch (IllegalArgumentException e) {
      Json.error(e.getMessage()).send(response, 400);
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Database unavailable: " + Store.rootMessage(e));
      response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      Json.error("database unavailable, nothing was changed; retry later")
          .send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }
  }
}
