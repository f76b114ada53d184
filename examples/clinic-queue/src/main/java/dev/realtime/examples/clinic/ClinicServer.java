package dev.realtime.examples.clinic;

import dev.realtime.Hub;
import dev.realtime.core.RealtimeHub;
import dev.realtime.servlet.RealtimeSseServlet;
import dev.realtime.servlet.StatsServlet;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The clinic on embedded Jetty 12: a {@link Store} for the waiting rooms, a {@link Hub} for the
 * doctors' dashboards, and these routes:
 *
 * <ul>
 *   <li>{@code GET /api/sse/doctors/{id}} — a dashboard's stream (resource {@code doctor-{id}});
 *   <li>{@code /api/doctors/...} — the reception's API ({@link DoctorsServlet});
 *   <li>{@code GET /api/sse/stats} — connection counts and capacity ({@link StatsServlet});
 *   <li>{@code GET /api/health} — database and backplane ({@link HealthServlet});
 *   <li>{@code GET /} and {@code GET /doctors/{id}} — the pages.
 * </ul>
 *
 * <p>With {@code REDIS_URL} set every instance sharing that Redis (and the database) serves the
 * same dashboards, behind any load balancer, no sticky sessions; without it the clinic runs
 * single-server. {@link #start} returns a running server, so tests start it in-process on port 0.
 */
public final class ClinicServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ClinicServer.class.getName());

  private final Hub hub;
  private final Store store;
  private final Server server;
  private final int port;

  private ClinicServer(Hub hub, Store store, Server server, int port) {
    this.hub = hub;
    this.store = store;
    this.server = server;
    this.port = port;
  }

  /**
   * Opens the database, builds the hub, starts Jetty and returns once it accepts connections.
   *
   * @param port the TCP port, 0 for any free port
   * @param settings the database, pool, backplane and hub settings
   * @return the running server
   * @throws SQLException when the database cannot be reached or its schema not created
   * @throws Exception when Jetty cannot start (e.g. the port is taken); what started is closed
   */
  public static ClinicServer start(int port, ClinicSettings settings) throws Exception {
    String node = UUID.randomUUID().toString().substring(0, 8);
    Store store = Store.open(settings, "clinic-db-" + node, settings.realtime().maxMessageBytes());
    Hub hub = null;
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("clinic-http-" + node); // every thread of this instance names its node
    Server server = new Server(threads);
    try {
      String backplane = settings.backplane();
      if (backplane.equals("local")) {
        LOG.log(Level.INFO, ClinicSettings.SINGLE_SERVER);
      }
      hub =
          RealtimeHub.builder()
              .config(settings.realtime().toBuilder().backplane(backplane).build())
              .environment(settings.backplaneEnvironment())
              .nodeId(node)
              .build();
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setPort(port);
      // Jetty must not cut a quiet stream between two heartbeats.
      Duration beat = settings.realtime().heartbeatInterval();
      connector.setIdleTimeout(beat.isZero() ? 0 : Math.max(30_000, beat.toMillis() * 3));
      server.addConnector(connector);
      server.setHandler(routes(hub, store));
      server.start();
      return new ClinicServer(hub, store, server, connector.getLocalPort());
    } catch (Exception | Error e) {
      if (hub != null) {
        hub.close();
      }
      stop(server, store);
      throw e;
    }
  }

  private static ServletContextHandler routes(Hub hub, Store store) {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder streams =
        new ServletHolder(
            "dashboards",
            RealtimeSseServlet.builder(hub).resolver(new DoctorStreamResolver(store)).build());
    streams.setAsyncSupported(true);
    context.addServlet(streams, "/api/sse/doctors/*");
    context.addServlet(new ServletHolder("stats", new StatsServlet(hub)), "/api/sse/stats");
    context.addServlet(new ServletHolder("health", new HealthServlet(hub, store)), "/api/health");
    context.addServlet(
        new ServletHolder("doctors", new DoctorsServlet(hub, store)), "/api/doctors/*");
    context.addServlet(new ServletHolder("pages", new PageServlet(store)), "/");
    return context;
  }

  /**
   * @return the TCP port Jetty accepts on; with port 0 asked for, the one the system picked
   */
  public int port() {
    return port;
  }

  /**
   * @return the base address, where the list of doctors is; the log line on start prints it
   */
  public URI uri() {
    return URI.create("http://localhost:" + port + "/");
  }

  /**
   * @return the hub holding this instance's dashboards (its stats, its node id)
   */
  public Hub hub() {
    return hub;
  }

  Store store() {
    return store;
  }

  /**
   * Shuts the instance down in the order that loses nothing: the hub ends the dashboards' streams
   * (at {@code REALTIME_SHUTDOWN_CLOSE_RATE}, so browsers reconnect to other instances gradually),
   * Jetty stops taking requests, and only then the database pool closes. Idempotent.
   */
  @Override
  public void close() {
    try {
      hub.close();
    } finally {
      stop(server, store);
    }
  }

  /** Stops Jetty, then closes the pool, which no request can use any more. */
  private static void stop(Server server, Store store) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Jetty did not stop cleanly", e);
    } finally {
      store.close();
    }
  }
}
