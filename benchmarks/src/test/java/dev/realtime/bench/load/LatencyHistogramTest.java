package dev.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void percentilesAreWithinTwoPercentOfTheExactOnes() {
    Random random = new Random(7);
    long[] values = new long[100_000];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      // log-uniform from 1 us to 10 s, like latencies
      values[i] = (long) Math.pow(10, 3 + random.nextDouble() * 7);
      h.record(values[i]);
    }
    Arrays.sort(values);
    for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
      long exact = values[(int) Math.ceil(p * values.length) - 1];
      assertThat((double) h.percentile(p)).isCloseTo(exact, within(exact * 0.016));
      assertThat(h.percentile(p)).isGreaterThanOrEqualTo(exact);
    }
    assertThat(h.max()).isEqualTo(values[values.length - 1]);
    assertThat(h.count()).isEqualTo(values.length);
  }

  @Test
  void smallValuesAreExactAndMergingAddsCounts() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    for (int v = 0; v < 100; v++) {
      (v % 2 == 0 ? a : b).record(v);
    }
    a.add(b);
    assertThat(a.count()).isEqualTo(100);
    assertThat(a.percentile(0.5)).isEqualTo(49);
    assertThat(a.percentile(1.0)).isEqualTo(99);
    assertThat(new LatencyHistogram().percentile(0.99)).isZero();
  }

  @Test
  void bucketsCoverEveryLongInOrder() {
    long previous = -1;
    for (long v : new long[] {0, 1, 127, 128, 129, 255, 256, 1_000_000, Long.MAX_VALUE}) {
      int index = LatencyHistogram.index(v);
      assertThat(index).isGreaterThanOrEqualTo((int) previous);
      assertThat(LatencyHistogram.upperBound(index)).isGreaterThanOrEqualTo(v);
      previous = index;
    }
  }
}
