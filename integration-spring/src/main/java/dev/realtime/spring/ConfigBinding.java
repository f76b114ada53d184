package dev.realtime.spring;

import dev.realtime.RealtimeConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@link RealtimeProperties} into a {@link RealtimeConfig}. {@link RealtimeConfig.Builder}
 * validates every value and names the offending field ({@code maxConnectionsPerResource must be
 * between 1 and 1000000, was 0}); this class rewrites field names into the property names the user
 * wrote ({@code realtime.max-connections-per-resource}), so the message points at the right line.
 */
final class ConfigBinding {
  /** The builder fields that messages can name; each maps to {@code realtime.} + kebab case. */
  private static final List<String> FIELDS =
      List.of(
          "maxConnectionsPerResource",
          "maxConnections",
          "overflowPolicy",
          "connectionTimeout",
          "timeoutJitter",
          "heartbeatInterval",
          "idleTimeout",
          "maxQueuedBytesPerConnection",
          "maxMessageBytes",
          "maxRoomsPerConnection",
          "slowConsumerPolicy",
          "clientRetry",
          "sweepInterval",
          "shutdownCloseRate",
          "shutdownTimeout",
          "gapEvent",
          "drainThreads",
          "backplane",
          "allowedOrigins");

  /**
   * Longest names first, so {@code maxConnectionsPerResource} is not read as {@code
   * maxConnections}.
   */
  private static final Pattern FIELD =
      Pattern.compile(
          "\\b("
              + String.join(
                  "|",
                  FIELDS.stream()
                      .sorted(Comparator.comparingInt(String::length).reversed())
                      .toList())
              + ")\\b");

  private ConfigBinding() {}

  /**
   * The properties as a validated builder.
   *
   * @throws RealtimeConfigurationException naming the property and the limit
   */
  static RealtimeConfig.Builder toBuilder(RealtimeProperties p) {
    try {
      RealtimeConfig.Builder b = RealtimeConfig.builder();
      b.maxConnectionsPerResource(p.getMaxConnectionsPerResource());
      b.maxConnections(p.getMaxConnections());
      set(p.getOverflowPolicy(), b::overflowPolicy);
      set(p.getConnectionTimeout(), b::connectionTimeout);
      set(p.getTimeoutJitter(), b::timeoutJitter);
      set(p.getHeartbeatInterval(), b::heartbeatInterval);
      set(p.getIdleTimeout(), b::idleTimeout);
      set(
          bytes("maxQueuedBytesPerConnection", p.getMaxQueuedBytesPerConnection()),
          b::maxQueuedBytesPerConnection);
      set(bytes("maxMessageBytes", p.getMaxMessageBytes()), b::maxMessageBytes);
      b.maxRoomsPerConnection(p.getMaxRoomsPerConnection());
      set(p.getSlowConsumerPolicy(), b::slowConsumerPolicy);
      set(p.getClientRetry(), b::clientRetry);
      set(p.getSweepInterval(), b::sweepInterval);
      b.shutdownCloseRate(p.getShutdownCloseRate());
      set(p.getShutdownTimeout(), b::shutdownTimeout);
      set(p.getGapEvent(), b::gapEvent);
      set(p.getDrainThreads(), b::drainThreads);
      set(p.getBackplane(), b::backplane);
      set(p.getAllowedOrigins(), b::allowedOrigins);
      // The consistency checks (e.g. the per-resource cap within the node cap) run here, while
      // every value still comes from the properties.
      b.build();
      return b;
    } catch (IllegalArgumentException e) {
      throw invalid(e);
    }
  }

  /** The properties' exception, for a message that names builder fields. */
  static RealtimeConfigurationException invalid(IllegalArgumentException e) {
    String description = "Invalid realtime configuration: " + translate(e.getMessage());
    Matcher m = FIELD.matcher(e.getMessage());
    String action =
        m.find()
            ? "Change "
                + property(m.group(1))
                + " in the application's configuration (application.properties or .yaml, or the"
                + " environment)."
            : "Check the realtime.* properties.";
    return new RealtimeConfigurationException(description, action, e);
  }

  /** Rewrites every builder field named in a message into its property name. */
  static String translate(String message) {
    return FIELD.matcher(message).replaceAll(r -> Matcher.quoteReplacement(property(r.group(1))));
  }

  /** {@code maxConnectionsPerResource} to {@code realtime.max-connections-per-resource}. */
  static String property(String field) {
    return "realtime." + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  private static Integer bytes(String field, DataSize size) {
    if (size == null) {
      return null;
    }
    long b = size.toBytes();
    if (b > Integer.MAX_VALUE || b < Integer.MIN_VALUE) {
      throw new IllegalArgumentException(
          field + " must be at most " + Integer.MAX_VALUE + " bytes, was " + size);
    }
    return (int) b;
  }

  /** Unset (null) values keep the builder's default. */
  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
