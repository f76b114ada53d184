package dev.realtime.bench.backplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void percentilesOfAUniformSpreadLandWithinOneBucketAboveTheTrueValue() {
    Histogram h = new Histogram();
    for (int us = 1; us <= 1000; us++) {
      h.record(us * 1_000L);
    }
    assertThat(h.count()).isEqualTo(1000);
    assertThat(h.percentileNanos(0.50)).isBetween(500_000L, 501_000L);
    assertThat(h.percentileNanos(0.90)).isBetween(900_000L, 901_000L);
    assertThat(h.percentileNanos(0.99)).isBetween(990_000L, 991_000L);
    assertThat(h.percentileNanos(1.0)).isEqualTo(1_000_000L); // capped at the exact maximum
    assertThat(h.maxNanos()).isEqualTo(1_000_000L);
  }

  @Test
  void eachTierHasItsOwnResolution() {
    assertThat(Histogram.upperEdge(Histogram.bucket(9_999_999))).isEqualTo(10_000_000);
    assertThat(Histogram.upperEdge(Histogram.bucket(10_000_000))).isEqualTo(10_100_000);
    assertThat(Histogram.upperEdge(Histogram.bucket(999_999_999))).isEqualTo(1_000_000_000);
    assertThat(Histogram.upperEdge(Histogram.bucket(1_000_000_000))).isEqualTo(1_010_000_000);
    assertThat(Histogram.upperEdge(Histogram.bucket(99_999_999_999L))).isEqualTo(100_000_000_000L);
    assertThat(Histogram.upperEdge(Histogram.bucket(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aTailInTheSlowTiersIsReportedThereAndTheMaximumIsExact() {
    Histogram h = new Histogram();
    for (int i = 0; i < 98; i++) {
      h.record(200_000);
    }
    h.record(25_432_100); // 25 ms: 100 µs buckets
    h.record(3_456_789_012L); // 3.5 s: 10 ms buckets
    assertThat(h.percentileNanos(0.98)).isEqualTo(201_000);
    assertThat(h.percentileNanos(0.99)).isEqualTo(25_500_000);
    assertThat(h.percentileNanos(0.999)).isEqualTo(3_456_789_012L);
    assertThat(h.maxNanos()).isEqualTo(3_456_789_012L);
  }

  @Test
  void overflowReportsTheMaximumAndNegativeValuesCountAsZero() {
    Histogram h = new Histogram();
    h.record(-5);
    h.record(200_000_000_000L);
    assertThat(h.percentileNanos(0.5)).isEqualTo(1_000);
    assertThat(h.percentileNanos(1.0)).isEqualTo(200_000_000_000L);
  }

  @Test
  void emptyIsZeroAndABadFractionIsRefused() {
    assertThat(new Histogram().percentileNanos(0.99)).isZero();
    assertThatThrownBy(() -> new Histogram().percentileNanos(0))
        .hasMessageContaining("percentile must be in (0, 1]");
    assertThatThrownBy(() -> new Histogram().percentileNanos(1.5)).hasMessageContaining("was 1.5");
  }
}
