package dev.realtime.servlet;

import dev.realtime.Hub;
import dev.realtime.Stats;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves {@link Hub#stats()} as JSON on {@code GET} (the field guides mount it at {@code
 * /api/sse/stats}): {@code totalConnections}, {@code resourceCount}, {@code
 * maxConnectionsPerResource}, {@code connectionTimeout} in milliseconds, {@code
 * utilizationPercent}, {@code capacityRemaining}, {@code maxConnections}, {@code roomCount}, {@code
 * connectionsPerResource} (an object of counts by resource key), {@code backplane} and {@code
 * backplaneState}. The per-resource keys are the application's resource names: protect this
 * endpoint like any other admin view.
 */
public final class StatsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Hub hub;

  /**
   * Creates the servlet.
   *
   * @param hub the hub to report on
   */
  public StatsServlet(Hub hub) {
    this.hub = hub;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Json.send(resp, HttpServletResponse.SC_OK, toJson(hub.stats()));
  }

  static Json toJson(Stats s) {
    return Json.object()
        .field("totalConnections", s.totalConnections())
        .field("resourceCount", s.resourceCount())
        .field("maxConnectionsPerResource", s.maxConnectionsPerResource())
        .field("connectionTimeout", s.connectionTimeoutMillis())
        .field("utilizationPercent", s.utilizationPercent())
        .field("capacityRemaining", s.capacityRemaining())
        .field("maxConnections", s.maxConnections())
        .field("roomCount", s.roomCount())
        .field("connectionsPerResource", s.connectionsPerResource())
        .field("backplane", s.backplane())
        .field("backplaneState", s.backplaneState().name());
  }
}
