package dev.realtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable hub configuration. Start from {@link #defaults()} or {@link #fromEnvironment()}, change
 * with {@link #toBuilder()}. Every setter checks its value at once and throws {@link
 * IllegalArgumentException} naming the field and the limit; a zero {@link Duration} switches the
 * feature off where the setter says so.
 *
 * <p>Defaults come from the field guides this library grew out of: 100 connections per resource, a
 * 30-minute connection timeout, 20-second heartbeats, no idle timeout, 1 MiB of queued bytes per
 * connection, 64 KiB per message and 128 rooms per connection.
 */
public final class RealtimeConfig {
  private static final RealtimeConfig DEFAULTS = new Builder().build();

  private final int maxConnectionsPerResource;
  private final int maxConnections;
  private final OverflowPolicy overflowPolicy;
  private final Duration connectionTimeout;
  private final Duration timeoutJitter;
  private final boolean jitterExplicit;
  private final Duration heartbeatInterval;
  private final Duration idleTimeout;
  private final int maxQueuedBytesPerConnection;
  private final int maxMessageBytes;
  private final int maxRoomsPerConnection;
  private final SlowConsumerPolicy slowConsumerPolicy;
  private final Duration clientRetry;
  private final Duration sweepInterval;
  private final int shutdownCloseRate;
  private final Duration shutdownTimeout;
  private final String gapEvent;
  private final int drainThreads;
  private final String backplane;
  private final Set<String> allowedOrigins;

  private RealtimeConfig(Builder b) {
    this.maxConnectionsPerResource = b.maxConnectionsPerResource;
    this.maxConnections = b.maxConnections;
    this.overflowPolicy = b.overflowPolicy;
    this.connectionTimeout = b.connectionTimeout;
    this.timeoutJitter = b.effectiveJitter();
    this.jitterExplicit = b.jitterExplicit;
    this.heartbeatInterval = b.heartbeatInterval;
    this.idleTimeout = b.idleTimeout;
    this.maxQueuedBytesPerConnection = b.maxQueuedBytesPerConnection;
    this.maxMessageBytes = b.maxMessageBytes;
    this.maxRoomsPerConnection = b.maxRoomsPerConnection;
    this.slowConsumerPolicy = b.slowConsumerPolicy;
    this.clientRetry = b.clientRetry;
    this.sweepInterval = b.sweepInterval;
    this.shutdownCloseRate = b.shutdownCloseRate;
    this.shutdownTimeout = b.shutdownTimeout;
    this.gapEvent = b.gapEvent;
    this.drainThreads = b.drainThreads;
    this.backplane = b.backplane;
    this.allowedOrigins = b.allowedOrigins;
  }

  /**
   * The defaults.
   *
   * @return the default configuration
   */
  public static RealtimeConfig defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the process environment; see {@link #fromEnvironment(Map)}.
   *
   * @return the configuration
   * @throws IllegalArgumentException naming the variable when a value is malformed
   */
  public static RealtimeConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Reads configuration from environment variables, falling back to the defaults for unset or blank
   * ones: {@code SSE_MAX_CONNECTIONS_PER_RESOURCE}, {@code SSE_CONNECTION_TIMEOUT_MINUTES}, and
   * {@code REALTIME_MAX_CONNECTIONS}, {@code REALTIME_OVERFLOW_POLICY}, {@code
   * REALTIME_CONNECTION_TIMEOUT}, {@code REALTIME_TIMEOUT_JITTER}, {@code
   * REALTIME_HEARTBEAT_INTERVAL}, {@code REALTIME_IDLE_TIMEOUT}, {@code REALTIME_MAX_QUEUED_BYTES},
   * {@code REALTIME_MAX_MESSAGE_BYTES}, {@code REALTIME_MAX_ROOMS_PER_CONNECTION}, {@code
   * REALTIME_SLOW_CONSUMER_POLICY}, {@code REALTIME_CLIENT_RETRY}, {@code REALTIME_SWEEP_INTERVAL},
   * {@code REALTIME_SHUTDOWN_CLOSE_RATE}, {@code REALTIME_SHUTDOWN_TIMEOUT}, {@code
   * REALTIME_GAP_EVENT}, {@code REALTIME_DRAIN_THREADS}, {@code REALTIME_BACKPLANE} and {@code
   * REALTIME_ALLOWED_ORIGINS} (comma-separated). Durations are written like {@code 20s}, {@code
   * 500ms}, {@code 30m}, {@code 2h} or ISO-8601 {@code PT20S}; a bare number means seconds.
   *
   * @param environment the variables, usually {@link System#getenv()}
   * @return the configuration
   * @throws IllegalArgumentException naming the variable when a value is malformed or out of range
   */
  public static RealtimeConfig fromEnvironment(Map<String, String> environment) {
    return EnvironmentConfig.read(environment);
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * @return most open connections per resource key (default 100)
   */
  public int maxConnectionsPerResource() {
    return maxConnectionsPerResource;
  }

  /**
   * @return most open connections on this node across all resources (default 10,000)
   */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * @return what happens when a resource is full (default {@link OverflowPolicy#REJECT_NEW})
   */
  public OverflowPolicy overflowPolicy() {
    return overflowPolicy;
  }

  /**
   * @return absolute connection lifetime, {@link Duration#ZERO} for none (default 30 min)
   */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /**
   * @return up to how much earlier than {@link #connectionTimeout()} a connection may be closed,
   *     chosen at random per connection so a fleet does not reconnect at once (default a tenth of
   *     the timeout, at most 1 min)
   */
  public Duration timeoutJitter() {
    return timeoutJitter;
  }

  /**
   * @return interval of heartbeat comments on quiet connections, zero for none (default 20 s)
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * @return close a connection sent no message for this long, zero for never (default zero)
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * @return byte budget of one connection's outbound queue (default 1 MiB)
   */
  public int maxQueuedBytesPerConnection() {
    return maxQueuedBytesPerConnection;
  }

  /**
   * @return largest accepted message data in bytes (default 64 KiB)
   */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * @return most rooms one connection may join (default 128)
   */
  public int maxRoomsPerConnection() {
    return maxRoomsPerConnection;
  }

  /**
   * @return what happens to a client that reads too slowly (default {@link
   *     SlowConsumerPolicy#DISCONNECT})
   */
  public SlowConsumerPolicy slowConsumerPolicy() {
    return slowConsumerPolicy;
  }

  /**
   * @return reconnection delay sent to clients as SSE {@code retry:}, zero to send none (default 3
   *     s)
   */
  public Duration clientRetry() {
    return clientRetry;
  }

  /**
   * @return how often the sweeper checks heartbeats and timeouts (default 1 s)
   */
  public Duration sweepInterval() {
    return sweepInterval;
  }

  /**
   * @return connections closed per second during graceful shutdown (default 1,000)
   */
  public int shutdownCloseRate() {
    return shutdownCloseRate;
  }

  /**
   * @return longest a graceful shutdown waits before closing the rest at once (default 30 s)
   */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * @return SSE event sent to connections that may have missed messages (default {@code
   *     realtime-gap})
   */
  public String gapEvent() {
    return gapEvent;
  }

  /**
   * @return threads that write queued frames to clients (default: available processors, at least 2)
   */
  public int drainThreads() {
    return drainThreads;
  }

  /**
   * @return backplane provider name to use, or {@code auto} to discover one (default {@code auto})
   */
  public String backplane() {
    return backplane;
  }

  /**
   * @return exact {@code Origin} values allowed to connect; empty allows any origin (default empty)
   */
  public Set<String> allowedOrigins() {
    return allowedOrigins;
  }

  @Override
  public String toString() {
    return "RealtimeConfig[maxConnectionsPerResource="
        + maxConnectionsPerResource
        + ", maxConnections="
        + maxConnections
        + ", overflowPolicy="
        + overflowPolicy
        + ", connectionTimeout="
        + connectionTimeout
        + ", timeoutJitter="
        + timeoutJitter
        + ", heartbeatInterval="
        + heartbeatInterval
        + ", idleTimeout="
        + idleTimeout
        + ", maxQueuedBytesPerConnection="
        + maxQueuedBytesPerConnection
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", maxRoomsPerConnection="
        + maxRoomsPerConnection
        + ", slowConsumerPolicy="
        + slowConsumerPolicy
        + ", clientRetry="
        + clientRetry
        + ", sweepInterval="
        + sweepInterval
        + ", shutdownCloseRate="
        + shutdownCloseRate
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", gapEvent="
        + gapEvent
        + ", drainThreads="
        + drainThreads
        + ", backplane="
        + backplane
        + ", allowedOrigins="
        + allowedOrigins
        + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RealtimeConfig c && values().equals(c.values());
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  private List<Object> values() {
    return List.of(
        maxConnectionsPerResource,
        maxConnections,
        overflowPolicy,
        connectionTimeout,
        timeoutJitter,
        heartbeatInterval,
        idleTimeout,
        maxQueuedBytesPerConnection,
        maxMessageBytes,
        maxRoomsPerConnection,
        slowConsumerPolicy,
        clientRetry,
        sweepInterval,
        shutdownCloseRate,
        shutdownTimeout,
        gapEvent,
        drainThreads,
        backplane,
        allowedOrigins);
  }

  /**
   * Builds a {@link RealtimeConfig}; setters validate at once, {@link #build()} checks consistency.
   */
  public static final class Builder {
    private int maxConnectionsPerResource = 100;
    private int maxConnections = 10_000;
    private OverflowPolicy overflowPolicy = OverflowPolicy.REJECT_NEW;
    private Duration connectionTimeout = Duration.ofMinutes(30);
    private Duration timeoutJitter = Duration.ZERO;
    private boolean jitterExplicit;
    private Duration heartbeatInterval = Duration.ofSeconds(20);
    private Duration idleTimeout = Duration.ZERO;
    private int maxQueuedBytesPerConnection = 1 << 20;
    private int maxMessageBytes = 64 << 10;
    private int maxRoomsPerConnection = 128;
    private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.DISCONNECT;
    private Duration clientRetry = Duration.ofSeconds(3);
    private Duration sweepInterval = Duration.ofSeconds(1);
    private int shutdownCloseRate = 1_000;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private String gapEvent = "realtime-gap";
    private int drainThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private String backplane = "auto";
    private Set<String> allowedOrigins = Set.of();

    private Builder() {}

    private Builder(RealtimeConfig c) {
      maxConnectionsPerResource = c.maxConnectionsPerResource;
      maxConnections = c.maxConnections;
      overflowPolicy = c.overflowPolicy;
      connectionTimeout = c.connectionTimeout;
      timeoutJitter = c.timeoutJitter;
      jitterExplicit = c.jitterExplicit;
      heartbeatInterval = c.heartbeatInterval;
      idleTimeout = c.idleTimeout;
      maxQueuedBytesPerConnection = c.maxQueuedBytesPerConnection;
      maxMessageBytes = c.maxMessageBytes;
      maxRoomsPerConnection = c.maxRoomsPerConnection;
      slowConsumerPolicy = c.slowConsumerPolicy;
      clientRetry = c.clientRetry;
      sweepInterval = c.sweepInterval;
      shutdownCloseRate = c.shutdownCloseRate;
      shutdownTimeout = c.shutdownTimeout;
      gapEvent = c.gapEvent;
      drainThreads = c.drainThreads;
      backplane = c.backplane;
      allowedOrigins = c.allowedOrigins;
    }

    /**
     * @param value 1 to 1,000,000
     * @return this builder
     */
    public Builder maxConnectionsPerResource(int value) {
      maxConnectionsPerResource = range("maxConnectionsPerResource", value, 1, 1_000_000);
      return this;
    }

    /**
     * @param value 1 to 10,000,000
     * @return this builder
     */
    public Builder maxConnections(int value) {
      maxConnections = range("maxConnections", value, 1, 10_000_000);
      return this;
    }

    /**
     * @param value the policy
     * @return this builder
     */
    public Builder overflowPolicy(OverflowPolicy value) {
      overflowPolicy = Objects.requireNonNull(value, "overflowPolicy");
      return this;
    }

    /**
     * @param value zero (no timeout) or at least 1 second
     * @return this builder
     */
    public Builder connectionTimeout(Duration value) {
      connectionTimeout = duration("connectionTimeout", value, Duration.ofSeconds(1), true);
      return this;
    }

    /**
     * @param value zero or more; must be less than the connection timeout
     * @return this builder
     */
    public Builder timeoutJitter(Duration value) {
      timeoutJitter = duration("timeoutJitter", value, Duration.ZERO, true);
      jitterExplicit = true;
      return this;
    }

    /**
     * @param value zero (no heartbeats) or at least 10 ms
     * @return this builder
     */
    public Builder heartbeatInterval(Duration value) {
      heartbeatInterval = duration("heartbeatInterval", value, Duration.ofMillis(10), true);
      return this;
    }

    /**
     * @param value zero (off) or at least 10 ms
     * @return this builder
     */
    public Builder idleTimeout(Duration value) {
      idleTimeout = duration("idleTimeout", value, Duration.ofMillis(10), true);
      return this;
    }

    /**
     * @param value 1 KiB to 1 GiB; at least the largest frame ({@code maxMessageBytes} + 1 KiB)
     * @return this builder
     */
    public Builder maxQueuedBytesPerConnection(int value) {
      maxQueuedBytesPerConnection = range("maxQueuedBytesPerConnection", value, 1 << 10, 1 << 30);
      return this;
    }

    /**
     * @param value 1 byte to 16 MiB
     * @return this builder
     */
    public Builder maxMessageBytes(int value) {
      maxMessageBytes = range("maxMessageBytes", value, 1, 16 << 20);
      return this;
    }

    /**
     * @param value 0 to 100,000
     * @return this builder
     */
    public Builder maxRoomsPerConnection(int value) {
      maxRoomsPerConnection = range("maxRoomsPerConnection", value, 0, 100_000);
      return this;
    }

    /**
     * @param value the policy
     * @return this builder
     */
    public Builder slowConsumerPolicy(SlowConsumerPolicy value) {
      slowConsumerPolicy = Objects.requireNonNull(value, "slowConsumerPolicy");
      return this;
    }

    /**
     * @param value zero (send no {@code retry:}) or 1 ms to 1 hour
     * @return this builder
     */
    public Builder clientRetry(Duration value) {
      duration("clientRetry", value, Duration.ofMillis(1), true);
      if (value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("clientRetry must be at most PT1H, was " + value);
      }
      clientRetry = value;
      return this;
    }

    /**
     * @param value at least 1 ms
     * @return this builder
     */
    public Builder sweepInterval(Duration value) {
      sweepInterval = duration("sweepInterval", value, Duration.ofMillis(1), false);
      return this;
    }

    /**
     * @param value 1 to 1,000,000 connections per second
     * @return this builder
     */
    public Builder shutdownCloseRate(int value) {
      shutdownCloseRate = range("shutdownCloseRate", value, 1, 1_000_000);
      return this;
    }

    /**
     * @param value zero (close everything at once) or more
     * @return this builder
     */
    public Builder shutdownTimeout(Duration value) {
      shutdownTimeout = duration("shutdownTimeout", value, Duration.ZERO, true);
      return this;
    }

    /**
     * @param value the SSE event name, no CR, LF or NUL, 1-255 characters
     * @return this builder
     */
    public Builder gapEvent(String value) {
      gapEvent = Names.requireName("gapEvent", Names.requireFieldValue("gapEvent", value));
      return this;
    }

    /**
     * @param value 1 to 256
     * @return this builder
     */
    public Builder drainThreads(int value) {
      drainThreads = range("drainThreads", value, 1, 256);
      return this;
    }

    /**
     * @param value a backplane provider name such as {@code local} or {@code redis}, or {@code
     *     auto}
     * @return this builder
     */
    public Builder backplane(String value) {
      Objects.requireNonNull(value, "backplane");
      backplane = Names.requireName("backplane", value.trim().toLowerCase(java.util.Locale.ROOT));
      return this;
    }

    /**
     * @param value exact origins such as {@code https://app.example.com}; empty allows any
     * @return this builder
     */
    public Builder allowedOrigins(Set<String> value) {
      for (String origin : value) {
        Names.requireName("allowedOrigins", origin);
      }
      allowedOrigins = Set.copyOf(value);
      return this;
    }

    /**
     * Checks the values against each other and builds the configuration.
     *
     * @return an immutable configuration
     * @throws IllegalArgumentException when two values contradict each other
     */
    public RealtimeConfig build() {
      if (maxConnectionsPerResource > maxConnections) {
        throw new IllegalArgumentException(
            "maxConnectionsPerResource ("
                + maxConnectionsPerResource
                + ") must not exceed maxConnections ("
                + maxConnections
                + ")");
      }
      if (maxQueuedBytesPerConnection < maxMessageBytes + 1024) {
        throw new IllegalArgumentException(
            "maxQueuedBytesPerConnection ("
                + maxQueuedBytesPerConnection
                + ") must be at least maxMessageBytes + 1024 ("
                + (maxMessageBytes + 1024)
                + ")");
      }
      if (!connectionTimeout.isZero() && effectiveJitter().compareTo(connectionTimeout) >= 0) {
        throw new IllegalArgumentException(
            "timeoutJitter ("
                + timeoutJitter
                + ") must be less than connectionTimeout ("
                + connectionTimeout
                + ")");
      }
      return new RealtimeConfig(this);
    }

    /** Unless set explicitly, the jitter is a tenth of the timeout, at most one minute. */
    private Duration effectiveJitter() {
      if (jitterExplicit) {
        return timeoutJitter;
      }
      Duration tenth = connectionTimeout.dividedBy(10);
      return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    }

    private static int range(String field, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            field + " must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    }

    private static Duration duration(String field, Duration value, Duration min, boolean zeroOk) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || (!value.isZero() || !zeroOk) && value.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            field
                + " must be "
                + (zeroOk ? "zero or " : "")
                + "at least "
                + min
                + ", was "
                + value);
      }
      return value;
    }
  }
}
