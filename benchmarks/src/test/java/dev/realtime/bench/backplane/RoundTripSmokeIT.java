package dev.realtime.bench.backplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.tck.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the round-trip harness in-process for half a second per measurement, with the library and
 * the baseline, on the local bus and on a Redis server the test starts: messages arrive, the
 * percentiles are finite and ordered, and every thread the run started is gone afterwards.
 */
class RoundTripSmokeIT {
  private static final List<String> OUR_THREADS = List.of("realtime-", "lettuce-", "bench-", "hz.");

  @Test
  void localBusLibraryAndBaselineDeliverAndMeasure() {
    check(run("--backplane", "local"), "local");
  }

  @Test
  void redisLibraryAndBaselineDeliverAndMeasure() {
    try (RedisServer redis = RedisServer.start()) {
      check(run("--backplane", "redis", "--redis-url", redis.uri()), "redis");
    }
  }

  private static String[] args(String... backplane) {
    List<String> a =
        new java.util.ArrayList<>(
            List.of(
                "--mode",
                "all",
                "--rate",
                "2000",
                "--seconds",
                "0.5",
                "--warmup",
                "0.2",
                "--payload",
                "64",
                "--backlog",
                "20000"));
    a.addAll(List.of(backplane));
    return a.toArray(String[]::new);
  }

  private record Run(RoundTrip.Report report, String output, Set<String> leftThreads) {}

  private static Run run(String... backplane) {
    Set<String> before = threads();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RoundTrip.Report report;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      report = RoundTrip.run(Options.parse(args(backplane), Map.of()), ps);
    }
    Set<String> left = Set.of();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> ours(threads(), before).isEmpty());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      left = ours(threads(), before);
    }
    return new Run(report, out.toString(StandardCharsets.UTF_8), left);
  }

  private static void check(Run run, String backplane) {
    assertThat(run.output())
        .contains(
            "machine: ",
            "backplane " + backplane,
            "latency ratio",
            "throughput ratio",
            "publish-only ratio")
        .doesNotContain("WARNING");
    assertThat(run.report().latency())
        .extracting(LatencyResult::route)
        .containsExactly("library", "baseline");
    for (LatencyResult r : run.report().latency()) {
      assertThat(r.sent()).as(r.route() + " sent").isGreaterThan(500);
      assertThat(r.errors()).as(r.route() + " errors").isZero();
      assertThat(r.delivered()).as(r.route() + " delivered").isEqualTo(r.sent());
      assertThat(r.achievedRate()).isPositive();
      assertThat(List.of(r.p50Nanos(), r.p90Nanos(), r.p99Nanos(), r.p999Nanos(), r.maxNanos()))
          .as(r.route() + " percentiles")
          .allMatch(v -> v > 0 && v < Duration.ofSeconds(100).toNanos())
          .isSorted();
    }
    assertThat(run.report().throughput())
        .extracting(ThroughputResult::route)
        .containsExactly("library", "baseline");
    for (ThroughputResult r : run.report().throughput()) {
      assertThat(r.published()).as(r.route() + " published").isGreaterThan(500);
      assertThat(r.delivered()).as(r.route() + " delivered").isEqualTo(r.published());
      assertThat(r.publishesPerSecond()).isPositive().isFinite();
      assertThat(r.deliveriesPerSecond()).isPositive().isFinite();
      assertThat(r.p50Nanos()).isPositive().isLessThanOrEqualTo(r.p99Nanos());
    }
    assertThat(run.report().publishOnly())
        .extracting(ThroughputResult::route)
        .containsExactly("library", "baseline");
    for (ThroughputResult r : run.report().publishOnly()) {
      assertThat(r.published()).as(r.route() + " published alone").isGreaterThan(500);
      assertThat(r.errors()).isZero();
      assertThat(r.publishesPerSecond()).isPositive().isFinite();
    }
    assertThat(run.leftThreads()).as("threads left by the run").isEmpty();
  }

  private static Set<String> threads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(t -> t.getName() + "#" + t.getId())
        .collect(Collectors.toSet());
  }

  private static Set<String> ours(Set<String> now, Set<String> before) {
    return now.stream()
        .filter(t -> !before.contains(t))
        .filter(t -> OUR_THREADS.stream().anyMatch(t::startsWith))
        .collect(Collectors.toSet());
  }
}
