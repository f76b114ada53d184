package dev.realtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@link RealtimeConfig} from environment variables; see {@link
 * RealtimeConfig#fromEnvironment(Map)}.
 */
final class EnvironmentConfig {
  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  private final Map<String, String> env;
  private final RealtimeConfig.Builder builder = RealtimeConfig.builder();

  private EnvironmentConfig(Map<String, String> env) {
    this.env = env;
  }

  static RealtimeConfig read(Map<String, String> env) {
    EnvironmentConfig r = new EnvironmentConfig(env);
    RealtimeConfig.Builder b = r.builder;
    r.apply(
        "SSE_MAX_CONNECTIONS_PER_RESOURCE",
        EnvironmentConfig::integer,
        b::maxConnectionsPerResource);
    r.apply(
        "SSE_CONNECTION_TIMEOUT_MINUTES",
        v -> Duration.ofMinutes(integer(v)),
        b::connectionTimeout);
    r.apply("REALTIME_MAX_CONNECTIONS", EnvironmentConfig::integer, b::maxConnections);
    r.apply("REALTIME_OVERFLOW_POLICY", v -> enumValue(OverflowPolicy.class, v), b::overflowPolicy);
    r.apply("REALTIME_CONNECTION_TIMEOUT", EnvironmentConfig::duration, b::connectionTimeout);
    r.apply("REALTIME_TIMEOUT_JITTER", EnvironmentConfig::duration, b::timeoutJitter);
    r.apply("REALTIME_HEARTBEAT_INTERVAL", EnvironmentConfig::duration, b::heartbeatInterval);
    r.apply("REALTIME_IDLE_TIMEOUT", EnvironmentConfig::duration, b::idleTimeout);
    r.apply(
        "REALTIME_MAX_QUEUED_BYTES", EnvironmentConfig::integer, b::maxQueuedBytesPerConnection);
    r.apply("REALTIME_MAX_MESSAGE_BYTES", EnvironmentConfig::integer, b::maxMessageBytes);
    r.apply(
        "REALTIME_MAX_ROOMS_PER_CONNECTION", EnvironmentConfig::integer, b::maxRoomsPerConnection);
    r.apply(
        "REALTIME_SLOW_CONSUMER_POLICY",
        v -> enumValue(SlowConsumerPolicy.class, v),
        b::slowConsumerPolicy);
    r.apply("REALTIME_CLIENT_RETRY", EnvironmentConfig::duration, b::clientRetry);
    r.apply("REALTIME_SWEEP_INTERVAL", EnvironmentConfig::duration, b::sweepInterval);
    r.apply("REALTIME_SHUTDOWN_CLOSE_RATE", EnvironmentConfig::integer, b::shutdownCloseRate);
    r.apply("REALTIME_SHUTDOWN_TIMEOUT", EnvironmentConfig::duration, b::shutdownTimeout);
    r.apply("REALTIME_GAP_EVENT", Function.identity(), b::gapEvent);
    r.apply("REALTIME_DRAIN_THREADS", EnvironmentConfig::integer, b::drainThreads);
    r.apply("REALTIME_BACKPLANE", Function.identity(), b::backplane);
    r.apply("REALTIME_ALLOWED_ORIGINS", EnvironmentConfig::list, b::allowedOrigins);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid realtime environment: " + e.getMessage(), e);
    }
  }

  private <T> void apply(String variable, Function<String, T> parse, Consumer<T> setter) {
    String raw = env.get(variable);
    if (raw == null || raw.isBlank()) {
      return;
    }
    try {
      setter.accept(parse.apply(raw.trim()));
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Environment variable "
              + variable
              + "='"
              + printable(raw)
              + "' is invalid: "
              + e.getMessage(),
          e);
    }
  }

  private static int integer(String v) {
    try {
      return Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number");
    }
  }

  static Duration duration(String v) {
    if (v.regionMatches(true, 0, "P", 0, 1)) {
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    }
    Matcher m = SIMPLE_DURATION.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 500ms, 20s, 30m, 2h or PT20S");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String v) {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  private static Set<String> list(String v) {
    return Arrays.stream(v.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static String printable(String raw) {
    StringBuilder sb = new StringBuilder();
    raw.codePoints()
        .limit(64)
        .forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return sb.toString();
  }
}
