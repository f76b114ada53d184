package dev.realtime.bench.backplane;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The backplane round-trip harness: publish on hub A, deliver to a client on hub B, over the local
 * bus, Redis or two embedded Hazelcast members, then the same with the hand-rolled baseline over
 * the same transport, and print both with their ratio. Fixed-rate latency runs are open-loop (see
 * {@link OpenLoop}); max-throughput runs measure publishes per second from one node and deliveries
 * per second on the other. Everything runs in this JVM on loopback, is bounded in time and stops by
 * itself.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.realtime.bench.backplane.RoundTrip \
 *     --backplane redis --rate 10000 --seconds 20
 * </pre>
 */
public final class RoundTrip {
  private RoundTrip() {}

  /** What one invocation measured, library first, then the baseline when it ran. */
  record Report(
      List<LatencyResult> latency,
      List<ThroughputResult> throughput,
      List<ThroughputResult> publishOnly) {}

  /**
   * Runs the harness and exits.
   *
   * @param args see {@link Options#USAGE}
   */
  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int status = 0;
    try {
      run(options, System.out);
    } catch (RuntimeException e) {
      System.err.println("round trip failed: " + e);
      status = 1;
    }
    System.exit(status); // everything was closed; exit even if a third-party library left a thread
  }

  /**
   * Runs what the options ask for and prints a report.
   *
   * @return the results, for tests
   */
  static Report run(Options o, PrintStream out) {
    out.println(machine());
    out.printf(
        Locale.ROOT,
        "backplane %s, mode %s, rate %,d/s, window %.1f s after %.1f s warm-up, payload %d B,"
            + " in-flight %,d, backlog %,d%n",
        o.backplane().name().toLowerCase(Locale.ROOT),
        o.mode().name().toLowerCase(Locale.ROOT),
        o.rate(),
        o.seconds().toMillis() / 1000.0,
        o.warmup().toMillis() / 1000.0,
        o.payload(),
        o.window(),
        o.backlog());
    List<LatencyResult> latency = new ArrayList<>();
    List<ThroughputResult> throughput = new ArrayList<>();
    List<ThroughputResult> publishOnly = new ArrayList<>();
    try (Cluster cluster = Cluster.start(o.backplane(), o.redisUrl())) {
      List<Function<Recorder, Route>> routes = new ArrayList<>();
      routes.add(cluster::library);
      if (o.baseline()) {
        routes.add(cluster::baseline);
      }
      for (Function<Recorder, Route> make : routes) {
        try (Route route = make.apply(new Recorder())) {
          if (o.mode().latency()) {
            LatencyResult r = OpenLoop.run(route, o.rate(), o.warmup(), o.seconds(), o.payload());
            latency.add(r);
            out.println("latency    " + r.format());
          }
          if (o.mode().throughput()) {
            ThroughputResult r =
                MaxThroughput.run(
                    route, o.warmup(), o.seconds(), o.payload(), o.window(), o.backlog());
            throughput.add(r);
            out.println("throughput " + r.format());
          }
          if (o.mode().publishOnly()) {
            ThroughputResult r =
                MaxThroughput.publishOnly(route, o.warmup(), o.seconds(), o.payload(), o.window());
            publishOnly.add(r);
            out.println("publish    " + r.format());
          }
          if (route instanceof HubRoute h && h.clientClosed()) {
            out.println("WARNING: hub B closed its client during the run; deliveries stopped");
          }
        }
      }
    }
    printRatios(latency, throughput, publishOnly, out);
    return new Report(List.copyOf(latency), List.copyOf(throughput), List.copyOf(publishOnly));
  }

  private static void printRatios(
      List<LatencyResult> latency,
      List<ThroughputResult> throughput,
      List<ThroughputResult> publishOnly,
      PrintStream out) {
    if (latency.size() == 2) {
      LatencyResult lib = latency.get(0);
      LatencyResult base = latency.get(1);
      out.printf(
          Locale.ROOT,
          "latency ratio baseline/library (above 1: library faster): p50 %.2f p90 %.2f p99 %.2f"
              + " p99.9 %.2f max %.2f%n",
          ratio(base.p50Nanos(), lib.p50Nanos()),
          ratio(base.p90Nanos(), lib.p90Nanos()),
          ratio(base.p99Nanos(), lib.p99Nanos()),
          ratio(base.p999Nanos(), lib.p999Nanos()),
          ratio(base.maxNanos(), lib.maxNanos()));
    }
    if (throughput.size() == 2) {
      ThroughputResult lib = throughput.get(0);
      ThroughputResult base = throughput.get(1);
      out.printf(
          Locale.ROOT,
          "throughput ratio library/baseline: publishes/s %.2f deliveries/s %.2f%n",
          lib.publishesPerSecond() / base.publishesPerSecond(),
          lib.deliveriesPerSecond() / base.deliveriesPerSecond());
    }
    if (publishOnly.size() == 2) {
      out.printf(
          Locale.ROOT,
          "publish-only ratio library/baseline: publishes/s %.2f%n",
          publishOnly.get(0).publishesPerSecond() / publishOnly.get(1).publishesPerSecond());
    }
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }

  /** The machine line every recorded figure needs. */
  static String machine() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return String.format(
        Locale.ROOT,
        "machine: %d cpus, %s %s (%s), max heap %d MB, JVM args %s, load average %.2f",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        os.getSystemLoadAverage());
  }
}
