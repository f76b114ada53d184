package dev.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentConfigTest {

  @Test
  void emptyEnvironmentGivesTheDefaults() {
    assertThat(RealtimeConfig.fromEnvironment(Map.of())).isEqualTo(RealtimeConfig.defaults());
  }

  @Test
  void blankValuesAreIgnored() {
    RealtimeConfig c =
        RealtimeConfig.fromEnvironment(
            Map.of("SSE_MAX_CONNECTIONS_PER_RESOURCE", "  ", "REALTIME_IDLE_TIMEOUT", ""));

    assertThat(c).isEqualTo(RealtimeConfig.defaults());
  }

  @Test
  void unrelatedVariablesAreIgnored() {
    assertThat(RealtimeConfig.fromEnvironment(Map.of("PATH", "/bin", "REALTIME_UNKNOWN", "x")))
        .isEqualTo(RealtimeConfig.defaults());
  }

  @Test
  void readsTheFieldGuideVariables() {
    RealtimeConfig c =
        RealtimeConfig.fromEnvironment(
            Map.of(
                "SSE_MAX_CONNECTIONS_PER_RESOURCE", "25",
                "SSE_CONNECTION_TIMEOUT_MINUTES", "45"));

    assertThat(c.maxConnectionsPerResource()).isEqualTo(25);
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofMinutes(45));
  }

  @Test
  void zeroTimeoutMinutesSwitchesTheTimeoutOff() {
    assertThat(
            RealtimeConfig.fromEnvironment(Map.of("SSE_CONNECTION_TIMEOUT_MINUTES", "0"))
                .connectionTimeout())
        .isZero();
  }

  @Test
  void realtimeVariablesOverrideTheFieldGuideOnes() {
    RealtimeConfig c =
        RealtimeConfig.fromEnvironment(
            Map.of(
                "SSE_CONNECTION_TIMEOUT_MINUTES", "45",
                "REALTIME_CONNECTION_TIMEOUT", "2h"));

    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void readsEveryRealtimeVariable() {
    Map<String, String> env = new HashMap<>();
    env.put("REALTIME_MAX_CONNECTIONS", "5_000");
    env.put("REALTIME_OVERFLOW_POLICY", "evict-oldest");
    env.put("REALTIME_CONNECTION_TIMEOUT", "10m");
    env.put("REALTIME_TIMEOUT_JITTER", "30s");
    env.put("REALTIME_HEARTBEAT_INTERVAL", "PT15S");
    env.put("REALTIME_IDLE_TIMEOUT", "5m");
    env.put("REALTIME_MAX_QUEUED_BYTES", "2097152");
    env.put("REALTIME_MAX_MESSAGE_BYTES", "8192");
    env.put("REALTIME_MAX_ROOMS_PER_CONNECTION", "16");
    env.put("REALTIME_SLOW_CONSUMER_POLICY", "latest_per_key");
    env.put("REALTIME_CLIENT_RETRY", "1500ms");
    env.put("REALTIME_SWEEP_INTERVAL", "500ms");
    env.put("REALTIME_SHUTDOWN_CLOSE_RATE", "200");
    env.put("REALTIME_SHUTDOWN_TIMEOUT", "10");
    env.put("REALTIME_GAP_EVENT", "resync");
    env.put("REALTIME_DRAIN_THREADS", "4");
    env.put("REALTIME_BACKPLANE", "Local");
    env.put("REALTIME_ALLOWED_ORIGINS", "https://a.example, https://b.example,,");

    RealtimeConfig c = RealtimeConfig.fromEnvironment(env);

    assertThat(c.maxConnections()).isEqualTo(5_000);
    assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.EVICT_OLDEST);
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.timeoutJitter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.maxQueuedBytesPerConnection()).isEqualTo(2 << 20);
    assertThat(c.maxMessageBytes()).isEqualTo(8192);
    assertThat(c.maxRoomsPerConnection()).isEqualTo(16);
    assertThat(c.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.LATEST_PER_KEY);
    assertThat(c.clientRetry()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.sweepInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.shutdownCloseRate()).isEqualTo(200);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.gapEvent()).isEqualTo("resync");
    assertThat(c.drainThreads()).isEqualTo(4);
    assertThat(c.backplane()).isEqualTo("local");
    assertThat(c.allowedOrigins())
        .containsExactlyInAnyOrder("https://a.example", "https://b.example");
  }

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "20s, PT20S",
    "20, PT20S",
    "' 20 ', PT20S",
    "20 s, PT20S",
    "30m, PT30M",
    "2h, PT2H",
    "1d, PT24H",
    "PT20S, PT20S",
    "pt1m30s, PT1M30S",
    "20S, PT20S",
    "250MS, PT0.25S"
  })
  void parsesDurations(String text, String expected) {
    RealtimeConfig c = RealtimeConfig.fromEnvironment(Map.of("REALTIME_HEARTBEAT_INTERVAL", text));

    assertThat(c.heartbeatInterval()).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1.5s", "-5s", "20 seconds", "5w", "s"})
  void malformedDurationNamesTheVariableAndTheExpectedForm(String text) {
    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("REALTIME_HEARTBEAT_INTERVAL", text)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Environment variable REALTIME_HEARTBEAT_INTERVAL='")
        .hasMessageContaining("expected a duration such as 500ms, 20s, 30m, 2h or PT20S");
  }

  @Test
  void malformedIsoDurationNamesTheVariable() {
    assertThatThrownBy(() -> RealtimeConfig.fromEnvironment(Map.of("REALTIME_IDLE_TIMEOUT", "PTX")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Environment variable REALTIME_IDLE_TIMEOUT='PTX' is invalid");
  }

  @Test
  void hugeDurationNamesTheVariable() {
    assertThatThrownBy(
            () ->
                RealtimeConfig.fromEnvironment(
                    Map.of("REALTIME_IDLE_TIMEOUT", "999999999999999999d")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Environment variable REALTIME_IDLE_TIMEOUT=");
  }

  @Test
  void durationBelowTheLimitNamesVariableFieldAndLimit() {
    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("REALTIME_HEARTBEAT_INTERVAL", "5ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Environment variable REALTIME_HEARTBEAT_INTERVAL='5ms' is invalid:"
                + " heartbeatInterval must be zero or at least PT0.01S, was PT0.005S");
  }

  @ParameterizedTest
  @ValueSource(strings = {"many", "12.5", "10k", "99999999999"})
  void malformedNumberNamesTheVariable(String text) {
    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("SSE_MAX_CONNECTIONS_PER_RESOURCE", text)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Environment variable SSE_MAX_CONNECTIONS_PER_RESOURCE='"
                + text
                + "' is invalid: expected a whole number");
  }

  @Test
  void outOfRangeNumberNamesVariableFieldAndLimit() {
    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("SSE_MAX_CONNECTIONS_PER_RESOURCE", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Environment variable SSE_MAX_CONNECTIONS_PER_RESOURCE='0' is invalid:"
                + " maxConnectionsPerResource must be between 1 and 1000000, was 0");
  }

  @Test
  void negativeTimeoutMinutesNamesTheVariable() {
    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("SSE_CONNECTION_TIMEOUT_MINUTES", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Environment variable SSE_CONNECTION_TIMEOUT_MINUTES='-1'")
        .hasMessageContaining("connectionTimeout");
  }

  @Test
  void unknownEnumValueListsTheChoices() {
    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("REALTIME_OVERFLOW_POLICY", "oldest")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Environment variable REALTIME_OVERFLOW_POLICY='oldest' is invalid:"
                + " expected one of [REJECT_NEW, EVICT_OLDEST]");
    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("REALTIME_SLOW_CONSUMER_POLICY", "drop")))
        .hasMessageContaining("REALTIME_SLOW_CONSUMER_POLICY")
        .hasMessageContaining("[DISCONNECT, DROP_OLDEST, LATEST_PER_KEY]");
  }

  @ParameterizedTest
  @CsvSource({
    "disconnect, DISCONNECT",
    "Drop-Oldest, DROP_OLDEST",
    "LATEST_PER_KEY, LATEST_PER_KEY"
  })
  void enumValuesIgnoreCaseAndAcceptDashes(String text, SlowConsumerPolicy expected) {
    assertThat(
            RealtimeConfig.fromEnvironment(Map.of("REALTIME_SLOW_CONSUMER_POLICY", text))
                .slowConsumerPolicy())
        .isEqualTo(expected);
  }

  @Test
  void originsListIgnoresBlanksAndWhitespace() {
    assertThat(
            RealtimeConfig.fromEnvironment(Map.of("REALTIME_ALLOWED_ORIGINS", " , ,"))
                .allowedOrigins())
        .isEmpty();
    assertThat(
            RealtimeConfig.fromEnvironment(
                    Map.of("REALTIME_ALLOWED_ORIGINS", "https://only.example"))
                .allowedOrigins())
        .containsExactly("https://only.example");
  }

  @Test
  void invalidGapEventNamesTheVariable() {
    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("REALTIME_GAP_EVENT", "x".repeat(300))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Environment variable REALTIME_GAP_EVENT='")
        .hasMessageContaining("gapEvent must be at most 255 characters");
  }

  @Test
  void controlCharactersAreNotEchoedAndLongValuesAreCut() {
    String value = "ab\u001bc" + "9".repeat(100);

    assertThatThrownBy(
            () -> RealtimeConfig.fromEnvironment(Map.of("REALTIME_DRAIN_THREADS", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Environment variable REALTIME_DRAIN_THREADS='ab?c999")
        .hasMessageNotContaining("\u001b")
        .hasMessageNotContaining("9".repeat(61));
  }

  @Test
  void inconsistentValuesAreReportedAfterReading() {
    assertThatThrownBy(
            () ->
                RealtimeConfig.fromEnvironment(
                    Map.of(
                        "SSE_MAX_CONNECTIONS_PER_RESOURCE", "500",
                        "REALTIME_MAX_CONNECTIONS", "100")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid realtime environment:"
                + " maxConnectionsPerResource (500) must not exceed maxConnections (100)");
  }

  @Test
  void oneMinuteTimeoutIsAccepted() {
    assertThat(
            RealtimeConfig.fromEnvironment(Map.of("SSE_CONNECTION_TIMEOUT_MINUTES", "1"))
                .connectionTimeout())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void packagePrivateDurationParserMatchesTheDocumentedForms() {
    assertThat(EnvironmentConfig.duration("0")).isZero();
    assertThat(EnvironmentConfig.duration("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(EnvironmentConfig.duration("P1D")).isEqualTo(Duration.ofDays(1));
  }
}
