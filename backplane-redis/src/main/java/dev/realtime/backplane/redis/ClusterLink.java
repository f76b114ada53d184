package dev.realtime.backplane.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A Redis Cluster with sharded pub/sub: SPUBLISH through the cluster connection (routed by the
 * channel's slot), SSUBSCRIBE on a pub/sub connection to the primary that owns each channel's slot,
 * one SSUBSCRIBE per slot (a command may not span slots). The link owns the node connections to
 * every primary, so losing any of them reports the backplane down.
 */
final class ClusterLink implements RedisLink {
  private final RedisClusterClient client;
  private final StandaloneLink.Adapter adapter;
  private final Map<String, CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>>>
      shards = new ConcurrentHashMap<>();
  private final Set<Object> shardConnections = ConcurrentHashMap.newKeySet();
  private volatile StatefulRedisClusterConnection<byte[], byte[]> pub;
  private volatile FlushCoalescer flusher;
  private volatile StatefulRedisClusterPubSubConnection<byte[], byte[]> sub;

  ClusterLink(RedisClusterClient client, Listener listener) {
    this.client = client;
    this.adapter = new StandaloneLink.Adapter(listener);
  }

  @Override
  public CompletableFuture<Void> open() {
    // The asynchronous connects need the slot layout first; loading it also checks the seeds.
    return client
        .refreshPartitionsAsync()
        .toCompletableFuture()
        .thenCompose(
            loaded -> {
              CompletableFuture<Void> pubReady =
                  client
                      .connectAsync(ByteArrayCodec.INSTANCE)
                      .thenCompose(
                          c -> {
                            // Applies to the node connections too, those opened later included.
                            flusher =
                                new FlushCoalescer(
                                    c, client.getResources().eventExecutorGroup().next());
                            pub = c;
                            return connectPrimaries(c);
                          });
              CompletableFuture<Void> subReady =
                  client.connectPubSubAsync(ByteArrayCodec.INSTANCE).thenAccept(c -> sub = c);
              return CompletableFuture.allOf(pubReady, subReady);
            });
  }

  /**
   * Opens the publish connection to every primary now: a command for a node whose connection is
   * still being opened would be rejected (commands are rejected while disconnected).
   */
  private CompletableFuture<Void> connectPrimaries(
      StatefulRedisClusterConnection<byte[], byte[]> c) {
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (RedisClusterNode node : client.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        all.add(
            c.getConnectionAsync(
                    node.getUri().getHost(), node.getUri().getPort(), ConnectionIntent.WRITE)
                .thenAccept(shardConnections::add));
      }
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
  }

  @Override
  public CompletableFuture<Long> publish(byte[] channel, byte[] payload) {
    StatefulRedisClusterConnection<byte[], byte[]> c = pub;
    if (c == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
    }
    CompletableFuture<Long> sent = c.async().spublish(channel, payload).toCompletableFuture();
    flusher.commandIssued();
    return sent;
  }

  @Override
  public CompletableFuture<Void> subscribe(List<byte[]> channels) {
    return perSlot(channels, (c, batch) -> c.async().ssubscribe(batch).toCompletableFuture());
  }

  @Override
  public CompletableFuture<Void> unsubscribe(List<byte[]> channels) {
    return perSlot(channels, (c, batch) -> c.async().sunsubscribe(batch).toCompletableFuture());
  }

  private CompletableFuture<Void> perSlot(
      List<byte[]> channels,
      BiFunction<StatefulRedisPubSubConnection<byte[], byte[]>, byte[][], CompletableFuture<Void>>
          command) {
    Map<Integer, List<byte[]>> bySlot = new TreeMap<>();
    for (byte[] channel : channels) {
      bySlot.computeIfAbsent(SlotHash.getSlot(channel), s -> new ArrayList<>()).add(channel);
    }
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Map.Entry<Integer, List<byte[]>> e : bySlot.entrySet()) {
      all.add(
          shard(e.getKey())
              .thenCompose(c -> Batches.run(e.getValue(), batch -> command.apply(c, batch))));
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .whenComplete(
            (ok, error) -> {
              if (error != null && String.valueOf(rootMessage(error)).contains("MOVED")) {
                // A slot moved to another primary: learn the new layout before the retry.
                client.refreshPartitionsAsync();
              }
            });
  }

  private CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> shard(int slot) {
    StatefulRedisClusterPubSubConnection<byte[], byte[]> s = sub;
    RedisClusterNode node = s == null ? null : client.getPartitions().getMasterBySlot(slot);
    if (node == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("no primary known for slot " + slot));
    }
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> f =
        shards.computeIfAbsent(
            node.getNodeId(),
            id ->
                s.getConnectionAsync(id)
                    .thenApply(
                        c -> {
                          c.addListener(adapter);
                          shardConnections.add(c);
                          return c;
                        }));
    f.whenComplete(
        (c, error) -> {
          if (error != null) {
            shards.remove(node.getNodeId(), f); // the next attempt connects again
          }
        });
    return f;
  }

  private static String rootMessage(Throwable t) {
    Throwable e = t;
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }

  @Override
  public boolean owns(RedisChannelHandler<?, ?> connection) {
    return connection == pub || connection == sub || shardConnections.contains(connection);
  }

  @Override
  public boolean isOpen() {
    StatefulRedisClusterConnection<byte[], byte[]> p = pub;
    StatefulRedisClusterPubSubConnection<byte[], byte[]> s = sub;
    if (p == null || s == null || !p.isOpen() || !s.isOpen()) {
      return false;
    }
    for (Object c : shardConnections) {
      if (!((StatefulConnection<?, ?>) c).isOpen()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public CompletableFuture<Void> close() {
    // Closing the cluster pub/sub connection also closes its shard connections.
    return CompletableFuture.allOf(
        StandaloneLink.closeQuietly(pub), StandaloneLink.closeQuietly(sub));
  }
}
