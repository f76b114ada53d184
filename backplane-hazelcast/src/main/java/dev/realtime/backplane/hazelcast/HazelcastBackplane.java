package dev.realtime.backplane.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A backplane over Hazelcast topics ({@code ITopic}), on an embedded member or a client.
 *
 * <p>Routing keys are hashed onto a fixed set of shard topics ({@code realtime.0} to {@code
 * realtime.255} by default); a node listens to a shard only while it has interest in some key of
 * it, and drops envelopes of other keys of the shard before they reach the hub. The number of
 * topics and listener registrations is therefore bounded however many rooms come and go, so no
 * topic ever needs destroying (see the module README for the measurements behind this choice).
 *
 * <p>Three ways to get one:
 *
 * <pre>{@code
 * Backplane b = HazelcastBackplane.create(hazelcastInstance);  // the host's member or client
 * Backplane m = HazelcastBackplane.member()                    // an embedded member it starts
 *     .members(List.of("10.0.0.1:5701", "10.0.0.2:5701")).build();
 * Backplane c = HazelcastBackplane.client()                    // a client it starts
 *     .members(List.of("10.0.0.1:5701")).clusterName("prod").build();
 * }</pre>
 *
 * <p>While a client is disconnected, or a member is merging after a split brain or was shut down
 * under the backplane, {@link #publish} fails at once and the hub is told {@link
 * BackplaneState#DOWN}. After the client reconnects (or the merge ends) a probe goes through every
 * shard topic the node listens to, a registration that does not deliver is replaced, and once every
 * probe came back the hub is told {@link BackplaneState#RECOVERED}. A member that merely sees other
 * members leave stays {@code UP}: it cannot tell crashed peers from a partition, and the last node
 * of a scaled-down cluster must stay healthy.
 */
public final class HazelcastBackplane implements Backplane {
  static final String NAME = "hazelcast";

  private final HazelcastSettings settings;
  private final Shards shards;
  private final Interest interest;
  private volatile Link link;
  private volatile boolean closed;

  private HazelcastBackplane(HazelcastSettings settings) {
    this.settings = settings;
    this.shards = new Shards(settings.topicPrefix(), settings.topicShards());
    this.interest = new Interest(shards);
  }

  /**
   * A backplane on the host's own instance, with default settings. The host owns the instance:
   * {@link #close()} removes this backplane's listeners but never shuts the instance down.
   *
   * @param instance a running member or client
   * @return the backplane, not listening until the hub starts it
   */
  public static HazelcastBackplane create(HazelcastInstance instance) {
    return builder(instance).build();
  }

  /**
   * A builder for a backplane on the host's own instance (member or client).
   *
   * @param instance a running member or client; the host shuts it down, not the backplane
   * @return a builder
   */
  public static Builder builder(HazelcastInstance instance) {
    return new Builder(
        HazelcastSettings.Mode.INSTANCE, Objects.requireNonNull(instance, "instance"));
  }

  /**
   * A builder for a backplane that starts an embedded member when the hub starts it, joining the
   * {@linkplain Builder#members members} over TCP-IP, and shuts it down gracefully on close.
   *
   * @return a builder
   */
  public static Builder member() {
    return new Builder(HazelcastSettings.Mode.MEMBER, null);
  }

  /**
   * A builder for a backplane that starts a client of the {@linkplain Builder#members members} when
   * the hub starts it, and shuts it down on close.
   *
   * @return a builder
   */
  public static Builder client() {
    return new Builder(HazelcastSettings.Mode.CLIENT, null);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Starts (or adopts) the instance and listens to the shards of every key declared so far. An
   * embedded member returns once it joined or formed its cluster; a client waits at most the
   * connect timeout, then reports {@link BackplaneState#DOWN} and keeps connecting.
   */
  @Override
  public void start(String nodeId, BackplaneListener listener) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(listener, "listener");
    Link l;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("Hazelcast backplane is closed");
      }
      if (link != null) {
        throw new IllegalStateException("Hazelcast backplane already started");
      }
      l = new Link(settings, shards, interest, nodeId, listener);
      link = l;
    }
    try {
      l.start();
    } catch (RuntimeException e) {
      l.close();
      throw e;
    }
  }

  /** Publishes asynchronously; fails at once while down, and after the publish timeout. */
  @Override
  public CompletionStage<Void> publish(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    Link l = link;
    if (l == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("Hazelcast backplane is not started"));
    }
    return l.publish(envelope);
  }

  /**
   * Records the wish at once. Only when a shard gains its first wanted key or loses its last does
   * the worker thread have work: it listens to or leaves that shard topic later.
   */
  @Override
  public void interest(String routingKey, boolean interested) {
    Objects.requireNonNull(routingKey, "routingKey");
    Link l = link;
    if (interest.set(routingKey, interested) && l != null) {
      l.interestChanged();
    }
  }

  @Override
  public BackplaneHealth health() {
    Link l = link;
    if (l == null) {
      return new BackplaneHealth(
          NAME,
          closed ? BackplaneState.DOWN : BackplaneState.UP,
          closed ? "closed" : "not started");
    }
    return l.health();
  }

  /**
   * Removes the listeners, stops the worker thread and shuts down an instance this backplane
   * started (gracefully, so a member hands its partitions over); the host's instance keeps running.
   */
  @Override
  public void close() {
    Link l;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      l = link;
    }
    if (l != null) {
      l.close();
    }
  }

  /** Configures a {@link HazelcastBackplane}. Every time is a {@link Duration}. */
  public static final class Builder {
    private final HazelcastSettings.Mode mode;
    private final HazelcastInstance instance;
    private String clusterName = "realtime";
    private final List<String> members = new ArrayList<>();
    private int port;
    private boolean multicast;
    private String topicPrefix = "realtime.";
    private int topicShards = 256;
    private Duration publishTimeout = Duration.ofSeconds(3);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration maxReconnectDelay = Duration.ofSeconds(2);
    private Consumer<Config> memberCustomizer = c -> {};
    private Consumer<ClientConfig> clientCustomizer = c -> {};

    private Builder(HazelcastSettings.Mode mode, HazelcastInstance instance) {
      this.mode = mode;
      this.instance = instance;
    }

    /**
     * @param name the cluster to join or connect to (default {@code realtime})
     * @return this builder
     */
    public Builder clusterName(String name) {
      Objects.requireNonNull(name, "clusterName");
      if (name.isBlank()) {
        throw new IllegalArgumentException("clusterName must not be blank");
      }
      this.clusterName = name;
      return this;
    }

    /**
     * @param addresses {@code host:port} (or {@code host}, port 5701) of the cluster's members: for
     *     an embedded member the TCP-IP join list (it may include the member itself), for a client
     *     the addresses it connects to
     * @return this builder
     */
    public Builder members(List<String> addresses) {
      Objects.requireNonNull(addresses, "members");
      members.clear();
      for (String a : addresses) {
        members.add(Addresses.check("members", a));
      }
      return this;
    }

    /**
     * @param port the embedded member's own port (default 5701, or the next free one after it)
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * @param enabled whether an embedded member also discovers members by multicast (default off:
     *     multicast finds strangers on a shared network)
     * @return this builder
     */
    public Builder multicast(boolean enabled) {
      this.multicast = enabled;
      return this;
    }

    /**
     * @param prefix put before the shard number to form topic names (default {@code realtime.});
     *     every node of a cluster must use the same one
     * @return this builder
     */
    public Builder topicPrefix(String prefix) {
      Objects.requireNonNull(prefix, "topicPrefix");
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("topicPrefix must not be empty");
      }
      this.topicPrefix = prefix;
      return this;
    }

    /**
     * @param shards how many topics routing keys are hashed onto, 1 to 4096 (default 256); every
     *     node of a cluster must use the same number. More shards mean fewer envelopes a node
     *     receives only to drop them, at the cost of more topics and registrations.
     * @return this builder
     */
    public Builder topicShards(int shards) {
      if (shards < 1 || shards > 4096) {
        throw new IllegalArgumentException("topicShards must be 1 to 4096, was " + shards);
      }
      this.topicShards = shards;
      return this;
    }

    /**
     * @param timeout how long a publish may wait for Hazelcast before it fails (default 3 s)
     * @return this builder
     */
    public Builder publishTimeout(Duration timeout) {
      this.publishTimeout = positive("publishTimeout", timeout);
      return this;
    }

    /**
     * @param timeout how long start waits for a client's first connection, and close for listener
     *     removal on the host's instance (default 5 s)
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * @param delay the longest wait between a client's reconnect attempts; they start at 100 ms and
     *     double (default 2 s)
     * @return this builder
     */
    public Builder maxReconnectDelay(Duration delay) {
      this.maxReconnectDelay = positive("maxReconnectDelay", delay);
      return this;
    }

    /**
     * @param customizer applied last to the embedded member's configuration (interfaces, TLS,
     *     discovery, properties)
     * @return this builder
     */
    public Builder memberConfig(Consumer<Config> customizer) {
      this.memberCustomizer = Objects.requireNonNull(customizer, "memberConfig");
      return this;
    }

    /**
     * @param customizer applied last to the client's configuration
     * @return this builder
     */
    public Builder clientConfig(Consumer<ClientConfig> customizer) {
      this.clientCustomizer = Objects.requireNonNull(customizer, "clientConfig");
      return this;
    }

    /**
     * @return a backplane that starts nothing until the hub starts it
     * @throws IllegalArgumentException when a client has no member address, or a setting does not
     *     apply to this kind of backplane
     */
    public HazelcastBackplane build() {
      if (mode == HazelcastSettings.Mode.CLIENT && members.isEmpty()) {
        throw new IllegalArgumentException("members: a client needs at least one host:port");
      }
      if (mode != HazelcastSettings.Mode.MEMBER && (port != 0 || multicast)) {
        throw new IllegalArgumentException("port and multicast apply to an embedded member only");
      }
      return new HazelcastBackplane(
          new HazelcastSettings(
              mode,
              Optional.ofNullable(instance),
              clusterName,
              List.copyOf(members),
              port,
              multicast,
              topicPrefix,
              topicShards,
              publishTimeout,
              connectTimeout,
              maxReconnectDelay,
              memberCustomizer,
              clientCustomizer));
    }

    private static Duration positive(String field, Duration value) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive, was " + value);
      }
      return value;
    }
  }
}
