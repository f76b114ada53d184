package dev.realtime.examples.clinic;

import dev.realtime.Hub;
import dev.realtime.spi.BackplaneHealth;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/health} for load balancers: {@code 200 {"status":"UP","database":{..},
 * "backplane":{..}}} while a pooled database connection answers and the backplane is up, {@code
 * 503} with {@code "status":"DOWN"} while either is not, so the instance is taken out of rotation.
 */
final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Hub hub;
  private final transient Store store;

  HealthServlet(Hub hub, Store store) {
    this.hub = hub;
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    DatabaseHealth database = store.health();
    BackplaneHealth backplane = hub.backplaneHealth();
    boolean up = database.up() && backplane.isUp();
    Json.object()
        .field("status", up ? "UP" : "DOWN")
        .field("database", database.toJson())
        .field(
            "backplane",
            Json.object()
                .field("name", backplane.name())
                .field("state", backplane.state().name())
                .field("detail", backplane.detail()))
        .send(response, up ? 200 : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
  }
}
