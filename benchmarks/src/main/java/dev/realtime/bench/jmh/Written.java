package dev.realtime.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts frames taken by outlets, so a benchmark thread can wait until a broadcast reached every
 * member. Each writing thread has its own counter written with a release store (no atomic
 * read-modify-write, no contention), so the harness adds little to the per-recipient cost it
 * measures; the waiting thread sums the few counters. The CPU time a thread spends spinning here is
 * added to {@link #WAITING_CPU_NANOS}, so {@link CpuProfiler} can leave it out of the work.
 */
final class Written {
  /** CPU time threads spent waiting in {@link #awaitAtLeast}, in nanoseconds. */
  static final AtomicLong WAITING_CPU_NANOS = new AtomicLong();

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final CopyOnWriteArrayList<AtomicLong> counters = new CopyOnWriteArrayList<>();
  private final ThreadLocal<AtomicLong> mine =
      ThreadLocal.withInitial(
          () -> {
            AtomicLong c = new AtomicLong();
            counters.add(c);
            return c;
          });

  /** Called by the (single) thread writing to an outlet at a time. */
  void add(int frames) {
    AtomicLong c = mine.get();
    c.lazySet(c.get() + frames);
  }

  long sum() {
    long sum = 0;
    for (AtomicLong c : counters) {
      sum += c.get();
    }
    return sum;
  }

  /**
   * Waits until at least {@code target} frames were written, yielding the core to the writers (on a
   * small machine the drain threads need it).
   *
   * @throws IllegalStateException after {@code timeoutNanos}, so a broken hub fails the run instead
   *     of hanging it
   */
  void awaitAtLeast(long target, long timeoutNanos) {
    if (sum() >= target) {
      return;
    }
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long deadline = 0;
    for (int spins = 0; sum() < target; spins++) {
      if (spins < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
        if (deadline == 0) {
          deadline = System.nanoTime() + timeoutNanos;
        } else if ((spins & 1023) == 0 && System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + sum() + " of " + target + " frames written in time");
        }
      }
    }
    WAITING_CPU_NANOS.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
  }
}
