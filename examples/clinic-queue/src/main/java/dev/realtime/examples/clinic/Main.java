package dev.realtime.examples.clinic;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.Map;

/**
 * Runs the clinic: {@code java -jar clinic-queue.jar}. The port comes from {@code PORT} (default
 * 8080, 0 for any free port); everything else from the variables of {@link ClinicSettings}.
 */
public final class Main {
  private static final System.Logger LOG = System.getLogger(Main.class.getName());

  private Main() {}

  /**
   * Starts the clinic and keeps it running until the process is stopped.
   *
   * @param args ignored
   * @throws Exception when Jetty cannot start
   */
  public static void main(String[] args) throws Exception {
    int port;
    ClinicSettings settings;
    try {
      port = port(System.getenv());
      settings = ClinicSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    ClinicServer server;
    try {
      server = ClinicServer.start(port, settings);
    } catch (SQLException e) {
      System.err.println("Database unavailable: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "clinic-shutdown"));
    LOG.log(
        Level.INFO,
        "Clinic queue running at {0} (doctor 1: {0}doctors/1, stats: {0}api/sse/stats,"
            + " health: {0}api/health)",
        server.uri());
  }

  /** Reads {@code PORT}: 0-65535, 0 picks a free port. */
  static int port(Map<String, String> env) {
    String raw = env.getOrDefault("PORT", "").trim();
    if (raw.isEmpty()) {
      return 8080;
    }
    if (raw.matches("[0-9]{1,5}") && Integer.parseInt(raw) <= 65_535) {
      return Integer.parseInt(raw);
    }
    throw new IllegalArgumentException(
        "Environment variable PORT must be a number from 0 to 65535, was '" + raw + "'");
  }
}
