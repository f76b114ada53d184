package dev.realtime.bench.backplane;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket latency histogram in nanoseconds: 1 µs buckets below 10 ms, 100 µs buckets below 1
 * s, one overflow bucket above; the exact maximum is kept besides. A percentile is reported as the
 * upper edge of its bucket (never below the true value, at most one bucket above, and never above
 * the maximum). Thread-safe: recorders on several threads, a reader at the end.
 */
final class Histogram {
  static final long FINE_NANOS = 1_000;
  static final long FINE_LIMIT_NANOS = 10_000_000;
  static final long COARSE_NANOS = 100_000;
  static final long COARSE_LIMIT_NANOS = 1_000_000_000;
  static final long SLOW_NANOS = 10_000_000;
  static final long SLOW_LIMIT_NANOS = 100_000_000_000L;

  private static final int FINE_BUCKETS = (int) (FINE_LIMIT_NANOS / FINE_NANOS);
  private static final int COARSE_BUCKETS =
      (int) ((COARSE_LIMIT_NANOS - FINE_LIMIT_NANOS) / COARSE_NANOS);
  private static final int SLOW_BUCKETS =
      (int) ((SLOW_LIMIT_NANOS - COARSE_LIMIT_NANOS) / SLOW_NANOS);
  private static final int OVERFLOW = FINE_BUCKETS + COARSE_BUCKETS + SLOW_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(OVERFLOW + 1);
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  /**
   * Records one value; negative values (clock noise) count as zero.
   *
   * @param nanos the latency
   */
  void record(long nanos) {
    long v = Math.max(0, nanos);
    counts.incrementAndGet(bucket(v));
    total.incrementAndGet();
    max.accumulateAndGet(v, Math::max);
  }

  long count() {
    return total.get();
  }

  long maxNanos() {
    return max.get();
  }

  /**
   * The value at or below which a fraction {@code p} of the recorded values fall.
   *
   * @param p from 0 (exclusive) to 1 (inclusive)
   * @return the upper edge of the bucket holding that rank, capped at the maximum; 0 when empty
   */
  long percentileNanos(double p) {
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("percentile must be in (0, 1], was " + p);
    }
    long n = total.get();
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(p * n));
    long seen = 0;
    for (int i = 0; i <= OVERFLOW; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upperEdge(i), max.get());
      }
    }
    return max.get(); // recorders still running: the ranks moved under the reader
  }

  static int bucket(long nanos) {
    if (nanos < FINE_LIMIT_NANOS) {
      return (int) (nanos / FINE_NANOS);
    }
    if (nanos < COARSE_LIMIT_NANOS) {
      return FINE_BUCKETS + (int) ((nanos - FINE_LIMIT_NANOS) / COARSE_NANOS);
    }
    if (nanos < SLOW_LIMIT_NANOS) {
      return FINE_BUCKETS + COARSE_BUCKETS + (int) ((nanos - COARSE_LIMIT_NANOS) / SLOW_NANOS);
    }
    return OVERFLOW;
  }

  static long upperEdge(int bucket) {
    if (bucket < FINE_BUCKETS) {
      return (bucket + 1) * FINE_NANOS;
    }
    if (bucket < FINE_BUCKETS + COARSE_BUCKETS) {
      return FINE_LIMIT_NANOS + (bucket - FINE_BUCKETS + 1) * COARSE_NANOS;
    }
    if (bucket < OVERFLOW) {
      return COARSE_LIMIT_NANOS + (bucket - FINE_BUCKETS - COARSE_BUCKETS + 1) * SLOW_NANOS;
    }
    return Long.MAX_VALUE;
  }
}
