package dev.realtime.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The servers of one run side by side, with the ratio ours / baseline and the targets.
 *
 * @param options what was run
 * @param results one per server, {@code bare} first when heap was measured
 */
record Report(LoadOptions options, List<RunResult> results) {
  /** DESIGN and issue targets. */
  static final double TARGET_THROUGHPUT_RATIO = 2.0;

  static final double TARGET_P99_MS = 70;
  static final double TARGET_LIBRARY_HEAP_BYTES = 1024;

  Optional<RunResult> result(ServerMode mode) {
    return results.stream().filter(r -> r.mode() == mode).findFirst();
  }

  String format() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%nEnd-to-end SSE load: %,d connections, %d s measured after %d s warm-up, %s,"
                + " payload %d B, %d client thread(s)%n",
            options.connections(),
            options.seconds(),
            options.warmupSeconds(),
            options.rate() == 0
                ? "as fast as delivery allows (window " + options.window() + ")"
                : options.rate() + " broadcasts/s",
            options.payloadBytes(),
            options.clientThreads()));
    List<RunResult> measured = results.stream().filter(r -> r.mode() != ServerMode.BARE).toList();
    b.append(String.format(Locale.ROOT, "%-34s", "metric"));
    for (RunResult r : measured) {
      b.append(String.format(Locale.ROOT, "%14s", r.mode().label()));
    }
    boolean ratio = result(ServerMode.OURS).isPresent() && result(ServerMode.BASELINE).isPresent();
    b.append(ratio ? String.format(Locale.ROOT, "%16s%n", "ours/baseline") : "\n");
    row(b, measured, ratio, "connections held", "%.0f", r -> r.held());
    row(b, measured, ratio, "connections held at end", "%.0f", r -> r.heldAtEnd());
    row(b, measured, ratio, "broadcasts in window", "%.0f", r -> r.broadcasts());
    row(b, measured, ratio, "deliveries/s", "%.0f", RunResult::deliveriesPerSecond);
    row(b, measured, ratio, "latency p50 (ms)", "%.2f", r -> ms(r.perMessage().percentile(.5)));
    row(b, measured, ratio, "latency p99 (ms)", "%.2f", r -> ms(r.perMessage().percentile(.99)));
    row(b, measured, ratio, "latency p99.9 (ms)", "%.2f", r -> ms(r.perMessage().percentile(.999)));
    row(b, measured, ratio, "latency max (ms)", "%.2f", r -> ms(r.perMessage().max()));
    row(b, measured, ratio, "broadcast-to-all p50 (ms)", "%.2f", r -> ms(r.toAll().percentile(.5)));
    row(
        b,
        measured,
        ratio,
        "broadcast-to-all p99 (ms)",
        "%.2f",
        r -> ms(r.toAll().percentile(.99)));
    row(b, measured, ratio, "server CPU per delivery (us)", "%.3f", r -> r.cpuPerDelivery() / 1e3);
    row(b, measured, ratio, "  of which kernel (us)", "%.3f", r -> r.systemCpuPerDelivery() / 1e3);
    row(
        b,
        measured,
        ratio,
        "load client CPU per delivery (us)",
        "%.3f",
        r -> r.clientCpuPerDelivery() / 1e3);
    row(b, measured, ratio, "write calls per frame", "%.4f", RunResult::writesPerFrame);
    row(
        b,
        measured,
        ratio,
        "write syscalls per frame (syscw)",
        "%.4f",
        RunResult::syscallsPerFrame);
    row(b, measured, ratio, "control request errors", "%.0f", r -> r.errors());
    row(b, measured, ratio, "stalled broadcasts", "%.0f", r -> r.stalls());
    Optional<RunResult> bare = result(ServerMode.BARE);
    if (bare.isPresent()) {
      row(b, measured, ratio, "heap per idle connection (B)", "%.0f", r -> r.heapPerConnection());
      double container = bare.get().heapPerConnection();
      row(
          b,
          measured,
          ratio,
          "  minus bare Jetty (B)",
          "%.0f",
          r -> r.heapPerConnection() - container);
      b.append(
          String.format(Locale.ROOT, "%-34s%14s%n", "  bare Jetty (B)", cell("%.0f", container)));
    }
    targets(b);
    return b.toString();
  }

  private void targets(StringBuilder b) {
    Optional<RunResult> ours = result(ServerMode.OURS);
    if (ours.isEmpty()) {
      return;
    }
    RunResult o = ours.get();
    b.append("targets (ours):\n");
    result(ServerMode.BASELINE)
        .ifPresent(
            base ->
                target(
                    b,
                    "deliveries/s >= 2x baseline",
                    o.deliveriesPerSecond() / base.deliveriesPerSecond(),
                    "%.2fx",
                    TARGET_THROUGHPUT_RATIO,
                    true));
    target(
        b,
        "latency p99 <= 70 ms",
        ms(o.perMessage().percentile(.99)),
        "%.1f ms",
        TARGET_P99_MS,
        false);
    target(
        b,
        "broadcast-to-all p99 <= 70 ms",
        ms(o.toAll().percentile(.99)),
        "%.1f ms",
        TARGET_P99_MS,
        false);
    result(ServerMode.BARE)
        .ifPresent(
            bare ->
                target(
                    b,
                    "library heap per idle connection <= 1 KB",
                    o.heapPerConnection() - bare.heapPerConnection(),
                    "%.0f B",
                    TARGET_LIBRARY_HEAP_BYTES,
                    false));
    b.append(
        String.format(
            Locale.ROOT,
            "  server CPU per delivery: %.2f us (DESIGN: <= 4.5 us spread out, <= 1 us in bursts)%n",
            o.cpuPerDelivery() / 1e3));
  }

  private static void target(
      StringBuilder b, String name, double value, String format, double limit, boolean atLeast) {
    boolean met = atLeast ? value >= limit : value <= limit;
    b.append(
        String.format(
            Locale.ROOT,
            "  %-42s %12s  %s%n",
            name,
            String.format(Locale.ROOT, format, value),
            Double.isNaN(value) ? "n/a" : met ? "MET" : "MISSED"));
  }

  private static void row(
      StringBuilder b,
      List<RunResult> rs,
      boolean ratio,
      String name,
      String format,
      ToDoubleFunction<RunResult> f) {
    b.append(String.format(Locale.ROOT, "%-34s", name));
    double ours = Double.NaN;
    double base = Double.NaN;
    for (RunResult r : rs) {
      double v = f.applyAsDouble(r);
      b.append(String.format(Locale.ROOT, "%14s", cell(format, v)));
      if (r.mode() == ServerMode.OURS) {
        ours = v;
      } else if (r.mode() == ServerMode.BASELINE) {
        base = v;
      }
    }
    if (ratio && base != 0 && !Double.isNaN(ours) && !Double.isNaN(base)) {
      b.append(String.format(Locale.ROOT, "%16.2f", ours / base));
    }
    b.append('\n');
  }

  private static String cell(String format, double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return format.equals("%.0f")
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, format, v);
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }
}
