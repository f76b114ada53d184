package dev.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.spi.BackplaneState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {
  private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);

  private static Stats stats(int total, int maxPerResource, Map<String, Integer> perResource) {
    return Stats.of(
        total, maxPerResource, THIRTY_MINUTES, 10_000, 2, perResource, "local", BackplaneState.UP);
  }

  @Test
  void noResourceMeansZeroUtilizationAndZeroCapacity() {
    Stats s = stats(0, 100, Map.of());

    assertThat(s.totalConnections()).isZero();
    assertThat(s.resourceCount()).isZero();
    assertThat(s.utilizationPercent()).isZero();
    assertThat(s.capacityRemaining()).isZero();
  }

  @Test
  void utilizationIsTotalOverCapPerResourceTimesResources() {
    // 150 / (100 x 2) x 100 = 75 %
    Stats s = stats(150, 100, Map.of("doctor-1", 100, "doctor-2", 50));

    assertThat(s.resourceCount()).isEqualTo(2);
    assertThat(s.utilizationPercent()).isEqualTo(75.0);
    assertThat(s.capacityRemaining()).isEqualTo(50);
  }

  @Test
  void utilizationIsRoundedToTwoDecimals() {
    // 1 / (100 x 3) x 100 = 0.3333… %
    assertThat(stats(1, 100, Map.of("a", 1, "b", 0, "c", 0)).utilizationPercent()).isEqualTo(0.33);
    // 2 / 3 x 100 = 66.666… %
    assertThat(stats(2, 3, Map.of("a", 2)).utilizationPercent()).isEqualTo(66.67);
    // 1 / 7 x 100 = 14.2857… %
    assertThat(stats(1, 7, Map.of("a", 1)).utilizationPercent()).isEqualTo(14.29);
  }

  @Test
  void fullResourcesAreAHundredPercent() {
    Stats s = stats(300, 100, Map.of("a", 100, "b", 100, "c", 100));

    assertThat(s.utilizationPercent()).isEqualTo(100.0);
    assertThat(s.capacityRemaining()).isZero();
  }

  @Test
  void capacityDoesNotOverflowAnInt() {
    Map<String, Integer> perResource = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      perResource.put("r" + i, 1);
    }

    Stats s = stats(5_000, 1_000_000, perResource);

    assertThat(s.capacityRemaining()).isEqualTo(5_000L * 1_000_000L - 5_000L);
    assertThat(s.utilizationPercent()).isEqualTo(0.0);
  }

  @Test
  void carriesTheOtherFieldsAndTimeoutInMillis() {
    Stats s =
        Stats.of(3, 100, THIRTY_MINUTES, 500, 4, Map.of("a", 3), "redis", BackplaneState.RECOVERED);

    assertThat(s.maxConnectionsPerResource()).isEqualTo(100);
    assertThat(s.connectionTimeout()).isEqualTo(THIRTY_MINUTES);
    assertThat(s.connectionTimeoutMillis()).isEqualTo(1_800_000L);
    assertThat(s.maxConnections()).isEqualTo(500);
    assertThat(s.roomCount()).isEqualTo(4);
    assertThat(s.connectionsPerResource()).containsExactly(Map.entry("a", 3));
    assertThat(s.backplane()).isEqualTo("redis");
    assertThat(s.backplaneState()).isEqualTo(BackplaneState.RECOVERED);
  }

  @Test
  void perResourceCountsAreCopied() {
    Map<String, Integer> perResource = new HashMap<>(Map.of("a", 1));
    Stats s = stats(1, 100, perResource);

    perResource.put("b", 1);

    assertThat(s.connectionsPerResource()).containsOnlyKeys("a");
    assertThatThrownBy(() -> s.connectionsPerResource().put("c", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Stats.of(0, 100, null, 1, 0, Map.of(), "local", BackplaneState.UP))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("connectionTimeout");
    assertThatThrownBy(
            () -> Stats.of(0, 100, THIRTY_MINUTES, 1, 0, Map.of(), null, BackplaneState.UP))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("backplane");
    assertThatThrownBy(() -> Stats.of(0, 100, THIRTY_MINUTES, 1, 0, Map.of(), "local", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("backplaneState");
  }
}
