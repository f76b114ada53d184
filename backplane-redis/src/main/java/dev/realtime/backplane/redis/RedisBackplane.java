package dev.realtime.backplane.redis;

import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A backplane over Redis pub/sub (Lettuce): one channel per routing key ({@code prefix +
 * routingKey}), subscribed only while this node has local interest in it, never a pattern
 * subscription. On Redis Cluster it uses sharded pub/sub ({@code SSUBSCRIBE}/{@code SPUBLISH}), so
 * a message reaches only the shard that owns its channel.
 *
 * <p>Publishing and subscribing use separate connections. While Redis is unreachable, {@link
 * #publish} fails at once (commands are rejected while disconnected and the request queue is
 * bounded, so no stale publish is replayed later) and the hub is told {@link BackplaneState#DOWN}.
 * On reconnect every channel with local interest is subscribed again and verified, then the hub is
 * told {@link BackplaneState#RECOVERED}. A probe published to a node-private channel every {@link
 * Builder#probeInterval probe interval} catches connections that look open but no longer deliver;
 * when it does not come back in time the backplane reports {@code DOWN} and reconnects.
 *
 * <pre>{@code
 * Backplane redis = RedisBackplane.create("redis://localhost:6379");
 * Backplane cluster = RedisBackplane.builder()
 *     .uris(List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:7000"))
 *     .build();
 * }</pre>
 */
public final class RedisBackplane implements Backplane {
  static final String NAME = "redis";

  private final RedisSettings settings;
  private final Interest interest = new Interest();
  private volatile Supervisor supervisor;
  private volatile boolean closed;

  private RedisBackplane(RedisSettings settings) {
    this.settings = settings;
  }

  /**
   * A backplane with default settings.
   *
   * @param uri {@code redis://}, {@code rediss://} or {@code redis-sentinel://} URI
   * @return the backplane, not connected until the hub starts it
   * @throws IllegalArgumentException when the URI is not a Redis URI
   */
  public static RedisBackplane create(String uri) {
    return builder().uri(uri).build();
  }

  /**
   * @return a builder with the default settings and no URI yet
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Connects and subscribes to every routing key declared so far. Waits at most about the connect
   * timeout for the first connection; when Redis is unreachable it reports {@link
   * BackplaneState#DOWN} and keeps trying in the background.
   */
  @Override
  public void start(String nodeId, BackplaneListener listener) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(listener, "listener");
    Supervisor s;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("Redis backplane is closed");
      }
      if (supervisor != null) {
        throw new IllegalStateException("Redis backplane already started");
      }
      s = new Supervisor(settings, interest, nodeId, listener);
      supervisor = s;
    }
    s.start();
  }

  @Override
  public CompletionStage<Void> publish(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    Supervisor s = supervisor;
    if (s == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("Redis backplane is not started"));
    }
    return s.publish(envelope);
  }

  /** Records the wish at once; a worker thread subscribes and unsubscribes in batches. */
  @Override
  public void interest(String routingKey, boolean interested) {
    Objects.requireNonNull(routingKey, "routingKey");
    interest.set(routingKey, interested);
    Supervisor s = supervisor;
    if (s != null) {
      s.interestChanged();
    }
  }

  @Override
  public BackplaneHealth health() {
    Supervisor s = supervisor;
    if (s == null) {
      return new BackplaneHealth(
          NAME,
          closed ? BackplaneState.DOWN : BackplaneState.UP,
          settings.endpoints() + (closed ? ", closed" : ", not started"));
    }
    return s.health();
  }

  RedisSettings settings() {
    return settings;
  }

  /** Closes the connections, Lettuce's event loops and timers, and the worker thread. */
  @Override
  public void close() {
    Supervisor s;
    synchronized (this) {
      closed = true;
      s = supervisor;
    }
    if (s != null) {
      s.close();
    }
  }

  /** Configures a {@link RedisBackplane}. Every time is a {@link Duration}. */
  public static final class Builder {
    private final List<String> uris = new ArrayList<>();
    private boolean cluster;
    private String channelPrefix = "realtime:";
    private Duration probeInterval = Duration.ofSeconds(5);
    private Duration probeTimeout = Duration.ofSeconds(3);
    private int publishQueueSize = 32_768;
    private Duration commandTimeout = Duration.ofSeconds(3);
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration maxReconnectDelay = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * @param uri the server: {@code redis://[:password@]host[:port][/db]}, {@code rediss://...}
     *     (TLS) or {@code redis-sentinel://host:26379[,host2:26379]#masterId}; with {@link
     *     #cluster(boolean) cluster(true)} a seed node of the cluster
     * @return this builder
     */
    public Builder uri(String uri) {
      Objects.requireNonNull(uri, "uri");
      uris.clear();
      uris.add(uri);
      return this;
    }

    /**
     * Seed nodes of a Redis Cluster; more than one URI implies {@link #cluster(boolean)
     * cluster(true)}.
     *
     * @param seeds {@code redis://host:port} URIs of some cluster nodes
     * @return this builder
     */
    public Builder uris(List<String> seeds) {
      Objects.requireNonNull(seeds, "uris");
      uris.clear();
      seeds.forEach(u -> uris.add(Objects.requireNonNull(u, "uri")));
      return this;
    }

    /**
     * @param cluster whether the URIs point at a Redis Cluster (sharded pub/sub); default {@code
     *     false}
     * @return this builder
     */
    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * @param prefix put before every routing key to form the channel name (default {@code
     *     realtime:}); lets several applications share one Redis
     * @return this builder
     */
    public Builder channelPrefix(String prefix) {
      this.channelPrefix = Objects.requireNonNull(prefix, "channelPrefix");
      return this;
    }

    /**
     * @param interval how often the self-probe goes through Redis (default 5 s)
     * @return this builder
     */
    public Builder probeInterval(Duration interval) {
      this.probeInterval = positive("probeInterval", interval);
      return this;
    }

    /**
     * @param timeout how long a probe may take before the backplane reports {@code DOWN} and
     *     reconnects (default 3 s)
     * @return this builder
     */
    public Builder probeTimeout(Duration timeout) {
      this.probeTimeout = positive("probeTimeout", timeout);
      return this;
    }

    /**
     * @param size commands that may wait for Redis's answer per connection before further publishes
     *     fail at once (default 32,768); each waiting command holds its payload
     * @return this builder
     */
    public Builder publishQueueSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("publishQueueSize must be at least 1, was " + size);
      }
      this.publishQueueSize = size;
      return this;
    }

    /**
     * @param timeout how long a command (a publish, a subscribe) may wait for Redis (default 3 s)
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive("commandTimeout", timeout);
      return this;
    }

    /**
     * @param timeout how long opening a connection may take (default 3 s)
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * @param delay the longest wait between reconnect attempts; they start at 100 ms and double
     *     (default 2 s)
     * @return this builder
     */
    public Builder maxReconnectDelay(Duration delay) {
      this.maxReconnectDelay = positive("maxReconnectDelay", delay);
      return this;
    }

    /**
     * @return a backplane, not connected until the hub starts it
     * @throws IllegalArgumentException when no URI is set, a URI is not a Redis URI, or a Sentinel
     *     URI is combined with cluster mode
     */
    public RedisBackplane build() {
      if (uris.isEmpty()) {
        throw new IllegalArgumentException("uri: a Redis URI is required (e.g. redis://host:6379)");
      }
      boolean isCluster = cluster || uris.size() > 1;
      List<RedisURI> parsed = new ArrayList<>();
      for (String raw : uris) {
        RedisURI u = parse(raw);
        if (isCluster && !u.getSentinels().isEmpty()) {
          throw new IllegalArgumentException(
              "uri: a redis-sentinel:// URI cannot be a Redis Cluster seed");
        }
        // A fresh instance owned here, so setting it is safe (a rebuilt copy would drop sentinels).
        u.setTimeout(commandTimeout);
        u.setClientName("realtime");
        parsed.add(u);
      }
      return new RedisBackplane(
          new RedisSettings(
              parsed,
              isCluster,
              channelPrefix,
              probeInterval,
              probeTimeout,
              publishQueueSize,
              commandTimeout,
              connectTimeout,
              maxReconnectDelay));
    }

    private static RedisURI parse(String raw) {
      try {
        return RedisURI.create(raw.trim());
      } catch (RuntimeException e) {
        // Neither the message nor a cause repeats the URI: it may hold a password.
        throw new IllegalArgumentException(
            "uri: not a Redis URI (expected redis://, rediss:// or redis-sentinel://host:port)");
      }
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
