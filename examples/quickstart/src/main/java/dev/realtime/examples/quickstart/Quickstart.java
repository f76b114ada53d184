package dev.realtime.examples.quickstart;

import dev.realtime.RealtimeConfig;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Runs the quickstart: {@code java -jar realtime-quickstart.jar}. The port comes from {@code PORT}
 * (default 8080), the hub's configuration from the {@code SSE_*} and {@code REALTIME_*} variables
 * ({@link RealtimeConfig#fromEnvironment()}).
 */
public final class Quickstart {
  private static final System.Logger LOG = System.getLogger(Quickstart.class.getName());
  private static final int DEFAULT_PORT = 8080;

  private Quickstart() {}

  /**
   * Starts the server and keeps it running until the process is stopped.
   *
   * @param args ignored
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int port;
    RealtimeConfig config;
    try {
      port = port(System.getenv());
      config = RealtimeConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }

    // Hazelcast (REALTIME_BACKPLANE=hazelcast) logs through SLF4J like the rest, unless told not
    // to.
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    QuickstartServer server = QuickstartServer.start(port, config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "quickstart-shutdown"));
    LOG.log(
        Level.INFO,
        "Quickstart running at {0} (stream: {0}events?room=lobby, stats: {0}api/sse/stats)",
        server.uri());
  }

  /** Reads {@code PORT}: 0-65535, 0 picks a free port. */
  static int port(Map<String, String> env) {
    String raw = env.get("PORT");
    if (raw == null || raw.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(raw.trim());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Environment variable PORT must be a number from 0 to 65535, was '" + raw.trim() + "'");
  }
}
