package dev.realtime.core;

import dev.realtime.Hub;
import dev.realtime.HubListener;
import dev.realtime.RealtimeConfig;
import dev.realtime.spi.Backplane;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the {@link Hub} of this node.
 *
 * <pre>{@code
 * Hub hub = RealtimeHub.builder()
 *     .config(RealtimeConfig.fromEnvironment())
 *     .meterRegistry(registry)
 *     .build();
 * }</pre>
 */
public final class RealtimeHub {
  private RealtimeHub() {}

  /**
   * A builder with default configuration, the discovered backplane, Micrometer's global registry
   * and the system clock.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures and builds a hub. */
  public static final class Builder {
    private RealtimeConfig config = RealtimeConfig.defaults();
    private Backplane backplane;
    private MeterRegistry meterRegistry = Metrics.globalRegistry;
    private Clock clock = Clock.systemUTC();
    private final List<HubListener> listeners = new ArrayList<>();
    private String nodeId;
    private Map<String, String> environment = System.getenv();

    private Builder() {}

    /**
     * @param config the configuration (default {@link RealtimeConfig#defaults()})
     * @return this builder
     */
    public Builder config(RealtimeConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Uses this backplane instead of discovering one; the hub closes it when it closes.
     *
     * @param backplane the backplane
     * @return this builder
     */
    public Builder backplane(Backplane backplane) {
      this.backplane = Objects.requireNonNull(backplane, "backplane");
      return this;
    }

    /**
     * @param registry where meters are registered (default {@link Metrics#globalRegistry})
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /**
     * @param clock the time source of timeouts and heartbeats (default system UTC); tests pass a
     *     fake clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Adds a listener; may be called several times.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(HubListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @param nodeId this node's id, unique in the cluster, 1-64 of {@code [A-Za-z0-9._-]} (default
     *     random)
     * @return this builder
     */
    public Builder nodeId(String nodeId) {
      Objects.requireNonNull(nodeId, "nodeId");
      if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "nodeId must be 1-64 characters of [A-Za-z0-9._-], was '" + nodeId + "'");
      }
      this.nodeId = nodeId;
      return this;
    }

    /**
     * @param environment settings backplane providers read, such as {@code REDIS_URL} (default the
     *     process environment)
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Builds and starts the hub: starts the backplane, the sweeper and the drain threads.
     *
     * @return the running hub; close it to release its threads
     */
    public Hub build() {
      Backplane bp =
          backplane != null
              ? backplane
              : BackplaneSelector.select(config, environment, RealtimeHub.class.getClassLoader());
      String id = nodeId != null ? nodeId : UUID.randomUUID().toString().substring(0, 8);
      return new DefaultHub(config, bp, id, clock, meterRegistry, new GuardedListener(listeners));
    }
  }
}
