package dev.realtime.bench.backplane;

import java.util.Locale;

/**
 * A fixed-rate run: what was sent in the measured window, what arrived, and the latency from each
 * message's intended send time to its arrival at node B's client.
 *
 * @param route {@code library} or {@code baseline}
 * @param targetRate messages per second asked for
 * @param achievedRate messages per second the sender managed over the window
 * @param sent messages sent in the window
 * @param delivered of those, how many arrived at node B's client
 * @param errors sends that failed (a broadcast stage completed with an error)
 * @param maxSenderLagNanos how late the sender ran behind the schedule at worst
 * @param acceptedP99Nanos p99 of intended send time to node A's side accepting the message (for the
 *     library: the backplane acknowledged the publish), which tells a backed-up publish path from a
 *     backed-up receiving node
 */
record LatencyResult(
    String route,
    int targetRate,
    double achievedRate,
    long sent,
    long delivered,
    long errors,
    long p50Nanos,
    long p90Nanos,
    long p99Nanos,
    long p999Nanos,
    long maxNanos,
    long maxSenderLagNanos,
    long acceptedP50Nanos,
    long acceptedP99Nanos) {

  static LatencyResult of(
      String route,
      int targetRate,
      double achievedRate,
      long sent,
      long errors,
      long maxSenderLag,
      Histogram h,
      Histogram accepted) {
    return new LatencyResult(
        route,
        targetRate,
        achievedRate,
        sent,
        h.count(),
        errors,
        h.percentileNanos(0.50),
        h.percentileNanos(0.90),
        h.percentileNanos(0.99),
        h.percentileNanos(0.999),
        h.maxNanos(),
        maxSenderLag,
        accepted.percentileNanos(0.50),
        accepted.percentileNanos(0.99));
  }

  /** One report line. */
  String format() {
    return String.format(
        Locale.ROOT,
        "%-8s rate %,d/s achieved %,.0f/s sent %,d delivered %,d errors %,d | "
            + "p50 %s p90 %s p99 %s p99.9 %s max %s ms | sender lag max %s ms,"
            + " accepted p50 %s p99 %s ms",
        route,
        targetRate,
        achievedRate,
        sent,
        delivered,
        errors,
        ms(p50Nanos),
        ms(p90Nanos),
        ms(p99Nanos),
        ms(p999Nanos),
        ms(maxNanos),
        ms(maxSenderLagNanos),
        ms(acceptedP50Nanos),
        ms(acceptedP99Nanos));
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
