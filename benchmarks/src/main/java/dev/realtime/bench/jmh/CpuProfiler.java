package dev.realtime.bench.jmh;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds the process CPU time per operation ({@code cpu.ns/op}, every thread: the benchmark thread,
 * drain threads, GC and JIT, minus the time spent spinning in {@link Written#awaitAtLeast} for the
 * frames to arrive), which other builds on a shared machine disturb far less than wall time. For
 * benchmarks with a {@code members} or {@code burst} parameter it also divides both the score and
 * the CPU time by it ({@code wall.ns/item}, {@code cpu.ns/item}). Use with {@code -prof
 * dev.realtime.bench.jmh.CpuProfiler}.
 */
public final class CpuProfiler implements InternalProfiler {
  private static final List<String> ITEM_PARAMS = List.of("members", "burst");
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuBefore;
  private long waitingBefore;

  @Override
  public String getDescription() {
    return "process CPU time per operation, and per recipient or frame";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    cpuBefore = os.getProcessCpuTime();
    waitingBefore = Written.WAITING_CPU_NANOS.get();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long waiting = Written.WAITING_CPU_NANOS.get() - waitingBefore;
    long cpu = os.getProcessCpuTime() - cpuBefore - waiting;
    long ops = result.getMetadata().getAllOps();
    List<Result> out = new ArrayList<>();
    if (ops <= 0 || cpu < 0) {
      return out;
    }
    double cpuPerOp = (double) cpu / ops;
    out.add(new ScalarResult("cpu.ns/op", cpuPerOp, "ns/op", AggregationPolicy.AVG));
    int items = items(benchmark);
    if (items > 0) {
      double wallPerOp = result.getPrimaryResult().getScore() * nanosPer(benchmark.getTimeUnit());
      out.add(new ScalarResult("wall.ns/item", wallPerOp / items, "ns", AggregationPolicy.AVG));
      out.add(new ScalarResult("cpu.ns/item", cpuPerOp / items, "ns", AggregationPolicy.AVG));
    }
    return out;
  }

  private static int items(BenchmarkParams benchmark) {
    for (String name : ITEM_PARAMS) {
      String value = benchmark.getParam(name);
      if (value != null) {
        return Integer.parseInt(value);
      }
    }
    return 0;
  }

  private static double nanosPer(TimeUnit unit) {
    return unit.toNanos(1);
  }
}
