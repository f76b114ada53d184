package dev.realtime.examples.quickstart;

import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import dev.realtime.servlet.ConnectionRequestResolver;
import dev.realtime.servlet.HealthServlet;
import dev.realtime.servlet.RealtimeSseServlet;
import dev.realtime.servlet.StatsServlet;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The quickstart host: one {@link Hub} and an embedded Jetty 12 serving
 *
 * <ul>
 *   <li>{@code GET /events?room=NAME[&resource=KEY]} — the SSE stream;
 *   <li>{@code POST /rooms/NAME/messages} — broadcasts the body to the room as event {@code
 *       message};
 *   <li>{@code GET /api/sse/stats} and {@code GET /api/health};
 *   <li>{@code GET /} — a page with a live view of a room.
 * </ul>
 *
 * <p>The hub runs single-node on the local backplane unless the environment configures another:
 * {@code REALTIME_BACKPLANE=redis} (with {@code REDIS_URL}, default {@code redis://127.0.0.1:6379})
 * joins every instance sharing that Redis, so a message posted to one reaches streams on all;
 * {@code REALTIME_BACKPLANE=hazelcast} (with {@code HAZELCAST_MEMBERS} and {@code HAZELCAST_PORT})
 * makes each instance an embedded Hazelcast member of one cluster.
 *
 * <p>{@link #start} returns a running server, so tests start it in-process on port 0.
 */
public final class QuickstartServer implements AutoCloseable {
  /** Where {@code REALTIME_BACKPLANE=redis} connects when {@code REDIS_URL} is not set. */
  static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

  /** Jetty closes connections idle this long; SSE heartbeats must come more often. */
  private static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final Hub hub;
  private final Server server;
  private final int port;

  private QuickstartServer(Hub hub, Server server, int port) {
    this.hub = hub;
    this.server = server;
    this.port = port;
  }

  /**
   * Builds the hub, starts Jetty and returns once it accepts connections.
   *
   * @param port the TCP port, 0 for any free port
   * @param config the hub's configuration
   * @return the running server
   * @throws Exception when Jetty cannot start (e.g. the port is taken); the hub is closed then
   */
  public static QuickstartServer start(int port, RealtimeConfig config) throws Exception {
    Hub hub =
        RealtimeHub.builder()
            .config(config)
            .environment(environment(System.getenv(), config))
            .build();
    Server server = new Server();
    try {
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setPort(port);
      connector.setIdleTimeout(idleTimeout(config).toMillis());
      server.addConnector(connector);
      server.setHandler(routes(hub));
      server.start();
      return new QuickstartServer(hub, server, connector.getLocalPort());
    } catch (Exception | Error e) {
      stopQuietly(server);
      hub.close();
      throw e;
    }
  }

  private static ServletContextHandler routes(Hub hub) {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");

    ServletHolder events =
        new ServletHolder(
            "events", new RealtimeSseServlet(hub, ConnectionRequestResolver.queryParameters()));
    events.setAsyncSupported(true);
    context.addServlet(events, "/events");

    ServletHolder messages = new ServletHolder("messages", new RoomMessagesServlet(hub));
    messages.setAsyncSupported(true);
    context.addServlet(messages, "/rooms/*");

    context.addServlet(new ServletHolder("stats", new StatsServlet(hub)), "/api/sse/stats");
    context.addServlet(new ServletHolder("health", new HealthServlet(hub)), "/api/health");
    context.addServlet(new ServletHolder("page", new PageServlet()), "/");
    return context;
  }

  /**
   * The environment backplane providers read: the given one, plus {@code REDIS_URL} = {@value
   * #DEFAULT_REDIS_URL} when Redis is chosen without a URL.
   */
  static Map<String, String> environment(Map<String, String> env, RealtimeConfig config) {
    String url = env.get("REDIS_URL");
    if (!config.backplane().equals("redis") || (url != null && !url.isBlank())) {
      return env;
    }
    Map<String, String> withDefault = new HashMap<>(env);
    withDefault.put("REDIS_URL", DEFAULT_REDIS_URL);
    return withDefault;
  }

  /**
   * Jetty's idle timeout must outlast the gap between heartbeats, or it would cut quiet streams.
   */
  static Duration idleTimeout(RealtimeConfig config) {
    Duration heartbeat = config.heartbeatInterval();
    if (heartbeat.isZero()) {
      // No heartbeats: only the hub's own timeouts end a quiet stream.
      return Duration.ZERO;
    }
    Duration threeBeats = heartbeat.multipliedBy(3);
    return threeBeats.compareTo(MIN_IDLE_TIMEOUT) > 0 ? threeBeats : MIN_IDLE_TIMEOUT;
  }

  /**
   * @return the port the server listens on (the chosen one when started on port 0)
   */
  public int port() {
    return port;
  }

  /**
   * @return {@code http://localhost:<port>/}
   */
  public URI uri() {
    return URI.create("http://localhost:" + port + "/");
  }

  /**
   * @return the hub, for hosts that broadcast from their own code
   */
  public Hub hub() {
    return hub;
  }

  /**
   * Closes the hub first, so open streams end gracefully at the configured rate, then stops Jetty.
   * Idempotent.
   */
  @Override
  public void close() {
    try {
      hub.close();
    } finally {
      stopQuietly(server);
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      System.getLogger(QuickstartServer.class.getName())
          .log(System.Logger.Level.WARNING, "Jetty did not stop cleanly", e);
    }
  }
}
