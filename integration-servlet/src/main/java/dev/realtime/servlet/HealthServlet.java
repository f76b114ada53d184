package dev.realtime.servlet;

import dev.realtime.Hub;
import dev.realtime.spi.BackplaneHealth;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A health endpoint for load balancers and orchestrators: {@code GET} answers {@code 200} with
 * {@code {"status":"UP","backplane":{"name":..,"state":..,"detail":..}}} while the backplane is up
 * (or recovered), and {@code 503} with {@code "status":"DOWN"} while it is down, so a node that
 * cannot reach its peers is taken out of rotation.
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Hub hub;

  /**
   * Creates the servlet.
   *
   * @param hub the hub to report on
   */
  public HealthServlet(Hub hub) {
    this.hub = hub;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    BackplaneHealth health = hub.backplaneHealth();
    boolean up = health.isUp();
    Json body =
        Json.object()
            .field("status", up ? "UP" : "DOWN")
            .field(
                "backplane",
                Json.object()
                    .field("name", health.name())
                    .field("state", health.state().name())
                    .field("detail", health.detail()));
    Json.send(
        resp, up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE, body);
  }
}
