package dev.realtime.spring;

import dev.realtime.OverflowPolicy;
import dev.realtime.RealtimeConfig;
import dev.realtime.SlowConsumerPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * The hub's settings under {@code realtime.*}, one per {@link RealtimeConfig} field and with the
 * same defaults and limits. Durations are written {@code 500ms}, {@code 20s}, {@code 30m} or
 * ISO-8601 {@code PT20S}; a bare number means seconds, as in the environment variables of {@link
 * RealtimeConfig#fromEnvironment()}. Sizes are written {@code 64KB}, {@code 1MB}; a bare number
 * means bytes. An out-of-range value stops start-up with a message naming the property and the
 * limit.
 */
@ConfigurationProperties("realtime")
public class RealtimeProperties {

  /** Most open connections per resource key (1 to 1,000,000). */
  private int maxConnectionsPerResource = 100;

  /**
   * Most open connections on this node, all resources together (1 to 10,000,000). On Tomcat the
   * connector's maxConnections is raised to at least this plus realtime.sse.connection-headroom.
   */
  private int maxConnections = 10_000;

  /** What happens when a resource is full: reject the newcomer or evict the oldest connection. */
  private OverflowPolicy overflowPolicy = OverflowPolicy.REJECT_NEW;

  /** Absolute connection lifetime (at least 1s, 0 for none). */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration connectionTimeout = Duration.ofMinutes(30);

  /**
   * Each connection closes up to this much before its timeout, at random, so a fleet does not
   * reconnect at once; must be less than the timeout. Unset: a tenth of the timeout, at most 1m.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration timeoutJitter;

  /** Heartbeat comment on quiet connections (at least 10ms, 0 for none). */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration heartbeatInterval = Duration.ofSeconds(20);

  /** Close a connection that was sent no message for this long (at least 10ms, 0 for never). */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration idleTimeout = Duration.ZERO;

  /**
   * Byte budget of one connection's outbound queue (1KB to 1GB, at least max-message-bytes plus
   * 1KB); over it the slow-consumer policy applies.
   */
  private DataSize maxQueuedBytesPerConnection = DataSize.ofMegabytes(1);

  /** Largest message data accepted (1 byte to 16MB). */
  private DataSize maxMessageBytes = DataSize.ofKilobytes(64);

  /** Most rooms one connection may join (0 to 100,000). */
  private int maxRoomsPerConnection = 128;

  /** What happens to a client whose queue is over budget. */
  private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.DISCONNECT;

  /** Reconnection delay sent to clients as SSE retry: (up to 1h, 0 to send none). */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration clientRetry = Duration.ofSeconds(3);

  /** How often heartbeats are sent and expired and idle connections closed (at least 1ms). */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration sweepInterval = Duration.ofSeconds(1);

  /** Connections closed per second during graceful shutdown (1 to 1,000,000). */
  private int shutdownCloseRate = 1_000;

  /** Longest graceful shutdown before the remaining connections are closed at once. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  /** SSE event telling clients they may have missed messages. */
  private String gapEvent = "realtime-gap";

  /** Threads that write queued frames to clients (1 to 256). Unset: the cores, at least 2. */
  private Integer drainThreads;

  /**
   * Backplane: local, redis or hazelcast. Unset (auto): redis when backplane-redis is on the
   * classpath and a Redis URL is configured, hazelcast when backplane-hazelcast is on the classpath
   * and the application has a HazelcastInstance bean, otherwise local.
   */
  private String backplane = "auto";

  /** Exact Origin values allowed to open a stream; others get 403. Empty allows any origin. */
  private Set<String> allowedOrigins = new LinkedHashSet<>();

  public int getMaxConnectionsPerResource() {
    return maxConnectionsPerResource;
  }

  public void setMaxConnectionsPerResource(int maxConnectionsPerResource) {
    this.maxConnectionsPerResource = maxConnectionsPerResource;
  }

  public int getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  public OverflowPolicy getOverflowPolicy() {
    return overflowPolicy;
  }

  public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
    this.overflowPolicy = overflowPolicy;
  }

  public Duration getConnectionTimeout() {
    return connectionTimeout;
  }

  public void setConnectionTimeout(Duration connectionTimeout) {
    this.connectionTimeout = connectionTimeout;
  }

  public Duration getTimeoutJitter() {
    return timeoutJitter;
  }

  public void setTimeoutJitter(Duration timeoutJitter) {
    this.timeoutJitter = timeoutJitter;
  }

  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  public void setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }

  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public DataSize getMaxQueuedBytesPerConnection() {
    return maxQueuedBytesPerConnection;
  }

  public void setMaxQueuedBytesPerConnection(DataSize maxQueuedBytesPerConnection) {
    this.maxQueuedBytesPerConnection = maxQueuedBytesPerConnection;
  }

  public DataSize getMaxMessageBytes() {
    return maxMessageBytes;
  }

  public void setMaxMessageBytes(DataSize maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  public int getMaxRoomsPerConnection() {
    return maxRoomsPerConnection;
  }

  public void setMaxRoomsPerConnection(int maxRoomsPerConnection) {
    this.maxRoomsPerConnection = maxRoomsPerConnection;
  }

  public SlowConsumerPolicy getSlowConsumerPolicy() {
    return slowConsumerPolicy;
  }

  public void setSlowConsumerPolicy(SlowConsumerPolicy slowConsumerPolicy) {
    this.slowConsumerPolicy = slowConsumerPolicy;
  }

  public Duration getClientRetry() {
    return clientRetry;
  }

  public void setClientRetry(Duration clientRetry) {
    this.clientRetry = clientRetry;
  }

  public Duration getSweepInterval() {
    return sweepInterval;
  }

  public void setSweepInterval(Duration sweepInterval) {
    this.sweepInterval = sweepInterval;
  }

  public int getShutdownCloseRate() {
    return shutdownCloseRate;
  }

  public void setShutdownCloseRate(int shutdownCloseRate) {
    this.shutdownCloseRate = shutdownCloseRate;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public String getGapEvent() {
    return gapEvent;
  }

  public void setGapEvent(String gapEvent) {
    this.gapEvent = gapEvent;
  }

  public Integer getDrainThreads() {
    return drainThreads;
  }

  public void setDrainThreads(Integer drainThreads) {
    this.drainThreads = drainThreads;
  }

  public String getBackplane() {
    return backplane;
  }

  public void setBackplane(String backplane) {
    this.backplane = backplane;
  }

  public Set<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  public void setAllowedOrigins(Set<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins;
  }
}
