package dev.realtime.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the JMH benchmarks from rotting: runs the fan-out benchmark and its baseline for about a
 * second each, in this JVM, through JMH's own runner (generated harness, parameters, state set-up
 * and tear-down), and checks both produced a real score.
 */
class JmhSmokeIT {

  @Test
  void fanOutAndItsBaselineProduceFinitePositiveScores() throws Exception {
    // A benchmark run by hand on the same machine holds JMH's lock file; this in-process smoke run
    // (forks 0) measures nothing worth protecting, so it must not fail the build for that.
    System.setProperty("jmh.ignoreLock", "true");
    Options options =
        new OptionsBuilder()
            .include(FanOutBenchmark.class.getName() + "\\.(realtime|baseline)$")
            .param("members", "1000")
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(300))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(500))
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Map<String, Double> scores =
        results.stream()
            .collect(
                Collectors.toMap(
                    r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    r -> r.getPrimaryResult().getScore()));
    assertThat(scores).containsOnlyKeys("realtime", "baseline");
    assertThat(scores.values()).allSatisfy(s -> assertThat(s).isFinite().isPositive());
  }
}
