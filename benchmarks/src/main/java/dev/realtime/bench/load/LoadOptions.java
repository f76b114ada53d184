package dev.realtime.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Options of one {@link LoadTool} run. Every number is bounded, so a run is bounded in sockets and
 * time, and a bad value stops the tool with a message naming the option and its limits.
 *
 * @param connections SSE connections opened against each server (1-15,000; each process may hold
 *     about 20,000 files here)
 * @param seconds measured broadcast phase per server (1-600)
 * @param warmupSeconds broadcast phase before measuring, for the JIT (0-120)
 * @param rate broadcasts per second, or 0 for as fast as delivery allows (0-100,000)
 * @param window with {@code rate} 0: broadcasts in flight (sent, not yet received by every
 *     connection) at most (1-64)
 * @param payloadBytes SSE data bytes per message, timestamp included (32-16,384)
 * @param clientThreads selector threads of the load client (1-4)
 * @param servers the servers measured, in order ({@code ours}, {@code baseline})
 * @param measureHeap whether to measure heap per idle connection (adds the {@code bare} server)
 * @param serverHeap {@code -Xmx} and {@code -Xms} of each server process, e.g. {@code 2g}
 * @param serverJvmArgs more JVM options for the server processes (e.g. to profile them)
 * @param histogramDir where to write each server's class histogram with the connections idle
 * @param verbose echo the server processes' output
 */
public record LoadOptions(
    int connections,
    int seconds,
    int warmupSeconds,
    int rate,
    int window,
    int payloadBytes,
    int clientThreads,
    List<ServerMode> servers,
    boolean measureHeap,
    String serverHeap,
    List<String> serverJvmArgs,
    Optional<Path> histogramDir,
    boolean verbose) {

  /** Defaults of the command: 10,000 connections, 30 s, as fast as delivery allows. */
  public static LoadOptions defaults() {
    return new LoadOptions(
        10_000,
        30,
        5,
        0,
        4,
        64,
        1,
        List.of(ServerMode.OURS, ServerMode.BASELINE),
        true,
        "2g",
        List.of(),
        Optional.empty(),
        false);
  }

  /** Validates every field; see the record's documentation for the limits. */
  public LoadOptions {
    check("connections", connections, 1, 15_000);
    check("seconds", seconds, 1, 600);
    check("warmup", warmupSeconds, 0, 120);
    check("rate", rate, 0, 100_000);
    check("window", window, 1, 64);
    check("payload", payloadBytes, 32, 16_384);
    check("client-threads", clientThreads, 1, 4);
    servers = List.copyOf(servers);
    serverJvmArgs = List.copyOf(serverJvmArgs);
    if (servers.isEmpty() || servers.contains(ServerMode.BARE)) {
      throw new IllegalArgumentException(
          "servers must list ours and/or baseline (bare is added by --heap), was " + servers);
    }
    if (!serverHeap.matches("[1-9][0-9]{0,5}[mMgG]")) {
      throw new IllegalArgumentException(
          "server-heap must be a size like 512m or 2g (1-999999 m/g), was '" + serverHeap + "'");
    }
  }

  /**
   * Parses {@code --name value} pairs over the defaults.
   *
   * @param args the command line
   * @return the options
   * @throws IllegalArgumentException naming the option and its limits
   */
  public static LoadOptions parse(String... args) {
    LoadOptions d = defaults();
    int connections = d.connections;
    int seconds = d.seconds;
    int warmup = d.warmupSeconds;
    int rate = d.rate;
    int window = d.window;
    int payload = d.payloadBytes;
    int threads = d.clientThreads;
    List<ServerMode> servers = d.servers;
    boolean heap = d.measureHeap;
    String serverHeap = d.serverHeap;
    List<String> jvmArgs = d.serverJvmArgs;
    Optional<Path> histograms = d.histogramDir;
    boolean verbose = d.verbose;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--verbose")) {
        verbose = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--connections" -> connections = number(name, value);
        case "--seconds" -> seconds = number(name, value);
        case "--warmup" -> warmup = number(name, value);
        case "--rate" -> rate = number(name, value);
        case "--window" -> window = number(name, value);
        case "--payload" -> payload = number(name, value);
        case "--client-threads" -> threads = number(name, value);
        case "--servers" -> servers = servers(value);
        case "--heap" -> heap = bool(name, value);
        case "--server-heap" -> serverHeap = value;
        case "--server-jvm-args" -> jvmArgs = List.of(value.trim().split("\\s+"));
        case "--histograms" -> histograms = Optional.of(Path.of(value));
        default ->
            throw new IllegalArgumentException(
                "unknown option " + name + "; known: " + String.join(", ", usage()));
      }
    }
    return new LoadOptions(
        connections,
        seconds,
        warmup,
        rate,
        window,
        payload,
        threads,
        servers,
        heap,
        serverHeap,
        jvmArgs,
        histograms,
        verbose);
  }

  /** The options {@link #parse} accepts. */
  static List<String> usage() {
    return List.of(
        "--connections N",
        "--seconds N",
        "--warmup N",
        "--rate N (0 = as fast as delivery allows)",
        "--window N",
        "--payload BYTES",
        "--client-threads N",
        "--servers ours,baseline",
        "--heap true|false",
        "--server-heap 2g",
        "--server-jvm-args '-XX:+UseParallelGC ...'",
        "--histograms DIR",
        "--verbose");
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
    };
  }

  private static List<ServerMode> servers(String value) {
    Set<ServerMode> modes = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      modes.add(ServerMode.parse("servers", part.trim()));
    }
    return new ArrayList<>(modes);
  }
}
