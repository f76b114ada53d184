package dev.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RealtimeConfigTest {

  @Test
  void defaultsMatchTheFieldGuides() {
    RealtimeConfig c = RealtimeConfig.defaults();

    assertThat(c.maxConnectionsPerResource()).isEqualTo(100);
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ZERO);
    assertThat(c.maxQueuedBytesPerConnection()).isEqualTo(1024 * 1024);
    assertThat(c.maxMessageBytes()).isEqualTo(64 * 1024);
    assertThat(c.maxRoomsPerConnection()).isEqualTo(128);
  }

  @Test
  void otherDefaults() {
    RealtimeConfig c = RealtimeConfig.defaults();

    assertThat(c.maxConnections()).isEqualTo(10_000);
    assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.REJECT_NEW);
    assertThat(c.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.DISCONNECT);
    assertThat(c.timeoutJitter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.clientRetry()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.sweepInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.shutdownCloseRate()).isEqualTo(1_000);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.gapEvent()).isEqualTo("realtime-gap");
    assertThat(c.drainThreads()).isGreaterThanOrEqualTo(2);
    assertThat(c.backplane()).isEqualTo("auto");
    assertThat(c.allowedOrigins()).isEmpty();
  }

  @Test
  void builderStartsFromTheDefaults() {
    assertThat(RealtimeConfig.builder().build()).isEqualTo(RealtimeConfig.defaults());
    assertThat(RealtimeConfig.defaults()).hasSameHashCodeAs(RealtimeConfig.builder().build());
  }

  @Test
  void toBuilderRoundTripKeepsEveryValue() {
    RealtimeConfig custom = customConfig();

    RealtimeConfig copy = custom.toBuilder().build();

    assertThat(copy).isEqualTo(custom).hasSameHashCodeAs(custom);
    assertThat(copy.toString()).isEqualTo(custom.toString());
    assertThat(copy).isNotEqualTo(RealtimeConfig.defaults());
    assertThat(copy.maxConnectionsPerResource()).isEqualTo(7);
    assertThat(copy.maxConnections()).isEqualTo(70);
    assertThat(copy.overflowPolicy()).isEqualTo(OverflowPolicy.EVICT_OLDEST);
    assertThat(copy.connectionTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(copy.timeoutJitter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(copy.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(copy.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(copy.maxQueuedBytesPerConnection()).isEqualTo(4096);
    assertThat(copy.maxMessageBytes()).isEqualTo(1024);
    assertThat(copy.maxRoomsPerConnection()).isEqualTo(3);
    assertThat(copy.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.LATEST_PER_KEY);
    assertThat(copy.clientRetry()).isEqualTo(Duration.ZERO);
    assertThat(copy.sweepInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(copy.shutdownCloseRate()).isEqualTo(50);
    assertThat(copy.shutdownTimeout()).isEqualTo(Duration.ZERO);
    assertThat(copy.gapEvent()).isEqualTo("missed");
    assertThat(copy.drainThreads()).isEqualTo(3);
    assertThat(copy.backplane()).isEqualTo("local");
    assertThat(copy.allowedOrigins()).containsExactly("https://app.example.com");
  }

  @Test
  void toBuilderDoesNotChangeTheOriginal() {
    RealtimeConfig original = RealtimeConfig.defaults();

    RealtimeConfig changed = original.toBuilder().maxConnectionsPerResource(5).build();

    assertThat(changed.maxConnectionsPerResource()).isEqualTo(5);
    assertThat(original.maxConnectionsPerResource()).isEqualTo(100);
  }

  @Test
  void zeroSwitchesOffTimeoutsAndHeartbeats() {
    RealtimeConfig c =
        RealtimeConfig.builder()
            .connectionTimeout(Duration.ZERO)
            .heartbeatInterval(Duration.ZERO)
            .idleTimeout(Duration.ZERO)
            .clientRetry(Duration.ZERO)
            .shutdownTimeout(Duration.ZERO)
            .timeoutJitter(Duration.ZERO)
            .build();

    assertThat(c.connectionTimeout()).isZero();
    assertThat(c.heartbeatInterval()).isZero();
    assertThat(c.clientRetry()).isZero();
  }

  @Test
  void acceptsTheLimitsThemselves() {
    RealtimeConfig c =
        RealtimeConfig.builder()
            .maxConnections(10_000_000)
            .maxConnectionsPerResource(1_000_000)
            .maxQueuedBytesPerConnection(1 << 30)
            .maxMessageBytes(16 << 20)
            .maxRoomsPerConnection(0)
            .heartbeatInterval(Duration.ofMillis(10))
            .idleTimeout(Duration.ofMillis(10))
            .clientRetry(Duration.ofHours(1))
            .sweepInterval(Duration.ofMillis(1))
            .drainThreads(256)
            .shutdownCloseRate(1_000_000)
            .build();

    assertThat(c.maxConnectionsPerResource()).isEqualTo(1_000_000);
    assertThat(c.maxRoomsPerConnection()).isZero();
    assertThat(c.clientRetry()).isEqualTo(Duration.ofHours(1));
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        rejects("maxConnectionsPerResource", b -> b.maxConnectionsPerResource(0), "1", "1000000"),
        rejects(
            "maxConnectionsPerResource",
            b -> b.maxConnectionsPerResource(1_000_001),
            "1",
            "1000000"),
        rejects("maxConnections", b -> b.maxConnections(0), "1", "10000000"),
        rejects("maxConnections", b -> b.maxConnections(10_000_001), "10000000"),
        rejects("maxQueuedBytesPerConnection", b -> b.maxQueuedBytesPerConnection(1023), "1024"),
        rejects(
            "maxQueuedBytesPerConnection",
            b -> b.maxQueuedBytesPerConnection((1 << 30) + 1),
            "1073741824"),
        rejects("maxMessageBytes", b -> b.maxMessageBytes(0), "1"),
        rejects("maxMessageBytes", b -> b.maxMessageBytes((16 << 20) + 1), "16777216"),
        rejects("maxRoomsPerConnection", b -> b.maxRoomsPerConnection(-1), "0", "100000"),
        rejects("maxRoomsPerConnection", b -> b.maxRoomsPerConnection(100_001), "100000"),
        rejects("shutdownCloseRate", b -> b.shutdownCloseRate(0), "1", "1000000"),
        rejects("drainThreads", b -> b.drainThreads(0), "1", "256"),
        rejects("drainThreads", b -> b.drainThreads(257), "256"),
        rejects(
            "connectionTimeout", b -> b.connectionTimeout(Duration.ofMillis(999)), "PT1S", "zero"),
        rejects("connectionTimeout", b -> b.connectionTimeout(Duration.ofSeconds(-1)), "PT1S"),
        rejects("timeoutJitter", b -> b.timeoutJitter(Duration.ofSeconds(-1)), "PT0S", "PT-1S"),
        rejects(
            "heartbeatInterval", b -> b.heartbeatInterval(Duration.ofMillis(9)), "PT0.01S", "zero"),
        rejects("idleTimeout", b -> b.idleTimeout(Duration.ofMillis(9)), "PT0.01S"),
        rejects("idleTimeout", b -> b.idleTimeout(Duration.ofMillis(-1)), "PT0.01S"),
        rejects("clientRetry", b -> b.clientRetry(Duration.ofNanos(1)), "PT0.001S"),
        rejects("clientRetry", b -> b.clientRetry(Duration.ofMinutes(61)), "PT1H"),
        rejects("sweepInterval", b -> b.sweepInterval(Duration.ZERO), "PT0.001S"),
        rejects("shutdownTimeout", b -> b.shutdownTimeout(Duration.ofSeconds(-5)), "PT0S"),
        rejects("gapEvent", b -> b.gapEvent(""), "1-255"),
        rejects("gapEvent", b -> b.gapEvent("a\nb"), "CR, LF or NUL"),
        rejects("gapEvent", b -> b.gapEvent("x".repeat(256)), "255"),
        rejects("gapEvent", b -> b.gapEvent("a\tb"), "control characters"),
        rejects("backplane", b -> b.backplane("   "), "1-255"),
        rejects("allowedOrigins", b -> b.allowedOrigins(Set.of("")), "1-255"),
        rejects("allowedOrigins", b -> b.allowedOrigins(Set.of("https://a\r\n")), "control"));
  }

  private static Arguments rejects(
      String field, Consumer<RealtimeConfig.Builder> setter, String... limitParts) {
    return Arguments.of(field, setter, limitParts);
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("outOfRange")
  void setterRejectsOutOfRangeValueNamingFieldAndLimit(
      String field, Consumer<RealtimeConfig.Builder> setter, String[] limitParts) {
    RealtimeConfig.Builder b = RealtimeConfig.builder();

    assertThatThrownBy(() -> setter.accept(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + " ")
        .hasMessageContainingAll(limitParts);
  }

  @Test
  void rangeMessageNamesTheFieldTheLimitsAndTheValue() {
    assertThatThrownBy(() -> RealtimeConfig.builder().maxConnectionsPerResource(0))
        .hasMessage("maxConnectionsPerResource must be between 1 and 1000000, was 0");
  }

  @Test
  void nullsAreRejectedWithTheFieldName() {
    RealtimeConfig.Builder b = RealtimeConfig.builder();

    assertThatThrownBy(() -> b.connectionTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("connectionTimeout");
    assertThatThrownBy(() -> b.overflowPolicy(null)).hasMessage("overflowPolicy");
    assertThatThrownBy(() -> b.slowConsumerPolicy(null)).hasMessage("slowConsumerPolicy");
    assertThatThrownBy(() -> b.gapEvent(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gapEvent");
  }

  @Test
  void backplaneNameIsTrimmedAndLowerCased() {
    assertThat(RealtimeConfig.builder().backplane(" Redis ").build().backplane())
        .isEqualTo("redis");
  }

  @Test
  void allowedOriginsAreCopied() {
    Set<String> origins = new java.util.HashSet<>(Set.of("https://a.example"));
    RealtimeConfig c = RealtimeConfig.builder().allowedOrigins(origins).build();

    origins.add("https://b.example");

    assertThat(c.allowedOrigins()).containsExactly("https://a.example");
    assertThatThrownBy(() -> c.allowedOrigins().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void buildRejectsPerResourceCapAboveGlobalCap() {
    RealtimeConfig.Builder b =
        RealtimeConfig.builder().maxConnections(50).maxConnectionsPerResource(51);

    assertBuildRejects(b, "maxConnectionsPerResource (51) must not exceed maxConnections (50)");
  }

  @Test
  void buildRejectsQueueSmallerThanOneFrame() {
    RealtimeConfig.Builder b =
        RealtimeConfig.builder().maxMessageBytes(4096).maxQueuedBytesPerConnection(5000);

    assertBuildRejects(
        b, "maxQueuedBytesPerConnection (5000) must be at least maxMessageBytes + 1024 (5120)");
    assertThat(b.maxQueuedBytesPerConnection(5120).build().maxQueuedBytesPerConnection())
        .isEqualTo(5120);
  }

  @Test
  void buildRejectsJitterNotBelowTimeout() {
    RealtimeConfig.Builder b =
        RealtimeConfig.builder()
            .connectionTimeout(Duration.ofMinutes(2))
            .timeoutJitter(Duration.ofMinutes(2));

    assertBuildRejects(b, "timeoutJitter (PT2M) must be less than connectionTimeout (PT2M)");
  }

  /** build() refuses a combination of values each of which its setter accepted. */
  private static void assertBuildRejects(RealtimeConfig.Builder b, String message) {
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void jitterIsIgnoredWithoutTimeout() {
    RealtimeConfig c =
        RealtimeConfig.builder()
            .connectionTimeout(Duration.ZERO)
            .timeoutJitter(Duration.ofHours(1))
            .build();

    assertThat(c.connectionTimeout()).isZero();
  }

  @Test
  void shortTimeoutWorksWithDefaultJitter() {
    RealtimeConfig c = RealtimeConfig.builder().connectionTimeout(Duration.ofSeconds(30)).build();

    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.timeoutJitter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void explicitJitterSurvivesToBuilderAndDefaultJitterFollowsTheTimeout() {
    RealtimeConfig explicit = RealtimeConfig.builder().timeoutJitter(Duration.ofSeconds(5)).build();
    RealtimeConfig derived =
        RealtimeConfig.defaults().toBuilder().connectionTimeout(Duration.ofMinutes(5)).build();

    assertThat(
            explicit.toBuilder().connectionTimeout(Duration.ofMinutes(2)).build().timeoutJitter())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(derived.timeoutJitter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rejectedSetterLeavesTheBuilderUnchanged() {
    RealtimeConfig.Builder b = RealtimeConfig.builder();

    assertThatThrownBy(() -> b.clientRetry(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(b.build().clientRetry()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void equalityDoesNotDependOnOriginOrder() {
    RealtimeConfig ab =
        RealtimeConfig.builder().allowedOrigins(Set.of("https://a", "https://b")).build();
    RealtimeConfig ba =
        RealtimeConfig.builder().allowedOrigins(Set.of("https://b", "https://a")).build();

    assertThat(ab.allowedOrigins()).isEqualTo(ba.allowedOrigins());
    assertThat(ab).isEqualTo(ba).hasSameHashCodeAs(ba);
  }

  @Test
  void rejectedSettersOtherThanClientRetryLeaveTheBuilderUnchanged() {
    RealtimeConfig.Builder b = RealtimeConfig.builder();

    assertThatThrownBy(() -> b.maxConnectionsPerResource(0));
    assertThatThrownBy(() -> b.heartbeatInterval(Duration.ofMillis(1)));

    RealtimeConfig c = b.build();
    assertThat(c.maxConnectionsPerResource()).isEqualTo(100);
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
  }

  static RealtimeConfig customConfig() {
    return RealtimeConfig.builder()
        .maxConnectionsPerResource(7)
        .maxConnections(70)
        .overflowPolicy(OverflowPolicy.EVICT_OLDEST)
        .connectionTimeout(Duration.ofMinutes(5))
        .timeoutJitter(Duration.ofSeconds(10))
        .heartbeatInterval(Duration.ofSeconds(5))
        .idleTimeout(Duration.ofMinutes(2))
        .maxQueuedBytesPerConnection(4096)
        .maxMessageBytes(1024)
        .maxRoomsPerConnection(3)
        .slowConsumerPolicy(SlowConsumerPolicy.LATEST_PER_KEY)
        .clientRetry(Duration.ZERO)
        .sweepInterval(Duration.ofMillis(250))
        .shutdownCloseRate(50)
        .shutdownTimeout(Duration.ZERO)
        .gapEvent("missed")
        .drainThreads(3)
        .backplane("local")
        .allowedOrigins(Set.of("https://app.example.com"))
        .build();
  }
}
