package dev.realtime.bench.backplane;

import java.util.Locale;

/**
 * A max-throughput run: node A publishes as fast as its side accepts (at most {@code window}
 * publishes awaiting acceptance, at most {@code backlog} not yet delivered), node B counts.
 *
 * @param route {@code library} or {@code baseline}
 * @param published sends accepted by node A's side in the window
 * @param errors sends that failed
 * @param publishesPerSecond accepted sends per second, until the last was accepted
 * @param delivered of the accepted, how many arrived at node B's client
 * @param deliveriesPerSecond arrivals per second, until the last arrived
 * @param p50Nanos latency under saturation, send to arrival (queueing included)
 * @param p99Nanos the same at p99
 */
record ThroughputResult(
    String route,
    long published,
    long errors,
    double publishesPerSecond,
    long delivered,
    double deliveriesPerSecond,
    long p50Nanos,
    long p99Nanos) {

  /** One report line. */
  String format() {
    if (delivered == 0 && p50Nanos == 0) {
      return String.format(
          Locale.ROOT,
          "%-8s published %,d (%,.0f/s) errors %,d, nobody receiving",
          route,
          published,
          publishesPerSecond,
          errors);
    }
    return String.format(
        Locale.ROOT,
        "%-8s published %,d (%,.0f/s) errors %,d delivered %,d (%,.0f/s) | "
            + "saturated latency p50 %s p99 %s ms",
        route,
        published,
        publishesPerSecond,
        errors,
        delivered,
        deliveriesPerSecond,
        LatencyResult.ms(p50Nanos),
        LatencyResult.ms(p99Nanos));
  }
}
