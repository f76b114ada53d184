package dev.realtime.backplane.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A standalone or Sentinel-managed Redis: PUBLISH on one connection, SUBSCRIBE on another. */
final class StandaloneLink implements RedisLink {
  private final RedisClient client;
  private final RedisURI uri;
  private final Listener listener;
  private volatile StatefulRedisConnection<byte[], byte[]> pub;
  private volatile FlushCoalescer flusher;
  private volatile StatefulRedisPubSubConnection<byte[], byte[]> sub;

  StandaloneLink(RedisClient client, RedisURI uri, Listener listener) {
    this.client = client;
    this.uri = uri;
    this.listener = listener;
  }

  @Override
  public CompletableFuture<Void> open() {
    CompletableFuture<StatefulRedisConnection<byte[], byte[]>> p =
        client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> s =
        client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
    // Store each connection as soon as it exists, so close() releases it even if the other fails.
    CompletableFuture<Void> pubReady =
        p.thenAccept(
            c -> {
              flusher = new FlushCoalescer(c, client.getResources().eventExecutorGroup().next());
              pub = c;
            });
    CompletableFuture<Void> subReady =
        s.thenAccept(
            c -> {
              c.addListener(new Adapter(listener));
              sub = c;
            });
    return CompletableFuture.allOf(pubReady, subReady);
  }

  @Override
  public CompletableFuture<Long> publish(byte[] channel, byte[] payload) {
    StatefulRedisConnection<byte[], byte[]> c = pub;
    if (c == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
    }
    CompletableFuture<Long> sent = c.async().publish(channel, payload).toCompletableFuture();
    flusher.commandIssued();
    return sent;
  }

  @Override
  public CompletableFuture<Void> subscribe(List<byte[]> channels) {
    return Batches.run(channels, batch -> sub.async().subscribe(batch));
  }

  @Override
  public CompletableFuture<Void> unsubscribe(List<byte[]> channels) {
    return Batches.run(channels, batch -> sub.async().unsubscribe(batch));
  }

  @Override
  public boolean owns(RedisChannelHandler<?, ?> connection) {
    return connection == pub || connection == sub;
  }

  @Override
  public boolean isOpen() {
    StatefulRedisConnection<byte[], byte[]> p = pub;
    StatefulRedisPubSubConnection<byte[], byte[]> s = sub;
    return p != null && s != null && p.isOpen() && s.isOpen();
  }

  @Override
  public CompletableFuture<Void> close() {
    return CompletableFuture.allOf(closeQuietly(pub), closeQuietly(sub));
  }

  static CompletableFuture<Void> closeQuietly(
      io.lettuce.core.api.StatefulConnection<?, ?> connection) {
    if (connection == null) {
      return CompletableFuture.completedFuture(null);
    }
    return connection.closeAsync().exceptionally(e -> null);
  }

  /** Forwards what a pub/sub connection hears; shared with the cluster's shard connections. */
  static final class Adapter extends RedisPubSubAdapter<byte[], byte[]> {
    private final Listener listener;

    Adapter(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void message(byte[] channel, byte[] message) {
      listener.message(channel, message);
    }

    @Override
    public void smessage(byte[] channel, byte[] message) {
      listener.message(channel, message);
    }

    @Override
    public void subscribed(byte[] channel, long count) {
      listener.subscribed(channel);
    }

    @Override
    public void ssubscribed(byte[] channel, long count) {
      listener.subscribed(channel);
    }

    @Override
    public void unsubscribed(byte[] channel, long count) {
      listener.unsubscribed(channel);
    }

    @Override
    public void sunsubscribed(byte[] channel, long count) {
      listener.unsubscribed(channel);
    }
  }
}
