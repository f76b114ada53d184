package dev.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the load tool for a few seconds with 200 connections against ours and the baseline (and the
 * bare server for heap), with real child JVMs and real sockets.
 */
class LoadToolSmokeIT {
  private static final int CONNECTIONS = 200;

  @Test
  void holdsConnectionsDeliversWithSanePercentilesAndLeavesNoProcessBehind() throws Exception {
    LoadOptions options =
        LoadOptions.parse(
            "--connections", "200", "--seconds", "2", "--warmup", "1", "--server-heap", "256m");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Report report = LoadTool.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(report.results())
        .extracting(RunResult::mode)
        .containsExactly(ServerMode.BARE, ServerMode.OURS, ServerMode.BASELINE);
    for (RunResult r : report.results()) {
      assertThat(r.held()).as(r.mode() + " held").isEqualTo(CONNECTIONS);
      assertThat(r.heapPerConnection()).as(r.mode() + " heap").isPositive();
    }
    for (ServerMode mode : List.of(ServerMode.OURS, ServerMode.BASELINE)) {
      RunResult r = report.result(mode).orElseThrow();
      assertThat(r.heldAtEnd()).as(mode + " held at end").isEqualTo(CONNECTIONS);
      assertThat(r.broadcasts()).as(mode + " broadcasts").isPositive();
      // Every broadcast goes to every connection; the window's edges cut a few.
      assertThat(r.deliveries())
          .as(mode + " deliveries")
          .isGreaterThan((r.broadcasts() - 8) * CONNECTIONS)
          .isLessThan((r.broadcasts() + 8) * CONNECTIONS);
      LatencyHistogram latency = r.perMessage();
      assertThat(latency.count()).isEqualTo(r.deliveries());
      assertThat(latency.percentile(0.5)).isPositive();
      assertThat(latency.percentile(0.99)).isGreaterThanOrEqualTo(latency.percentile(0.5));
      assertThat(latency.percentile(0.999)).isGreaterThanOrEqualTo(latency.percentile(0.99));
      assertThat(latency.max())
          .isGreaterThanOrEqualTo(latency.percentile(0.999))
          .isLessThan(Duration.ofSeconds(10).toNanos());
      assertThat(r.toAll().count()).isPositive();
      assertThat(r.cpuPerDelivery()).as(mode + " CPU per delivery").isPositive().isFinite();
      assertThat(r.errors()).isZero();
    }
    // The baseline writes and flushes once per frame (its two counters are read a moment apart);
    // ours never more than once per frame.
    assertThat(report.result(ServerMode.BASELINE).orElseThrow().writesPerFrame())
        .isCloseTo(1.0, within(0.01));
    assertThat(report.result(ServerMode.OURS).orElseThrow().writesPerFrame())
        .isPositive()
        .isLessThanOrEqualTo(1.0);

    String text = report.format();
    assertThat(text)
        .contains("ours/baseline", "deliveries/s", "latency p99.9 (ms)", "targets (ours):");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("ours: measuring");

    for (RunResult r : report.results()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(r.pid()).map(p -> !p.isAlive()).orElse(true));
    }
  }
}
