package dev.realtime.backplane.redis;

import io.lettuce.core.RedisChannelHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One set of connections to Redis: one for publishing, one (standalone) or one per shard (cluster)
 * for subscribing. The supervisor replaces the whole link when a probe shows it stalled; transient
 * socket losses are repaired in place by Lettuce's reconnect.
 */
interface RedisLink {

  /** What a link reports from Lettuce's I/O threads. */
  interface Listener {
    /** A message arrived on a subscribed channel. */
    void message(byte[] channel, byte[] payload);

    /** Redis confirmed a subscription. */
    void subscribed(byte[] channel);

    /**
     * Redis ended a subscription: confirming an unsubscribe, or on its own (a cluster slot moved).
     */
    void unsubscribed(byte[] channel);
  }

  /** Opens the connections; fails if any cannot be opened (the others are closed then). */
  CompletableFuture<Void> open();

  /**
   * @return completes with the number of subscribers that received it; exceptionally at once while
   *     disconnected or when too many commands wait
   */
  CompletableFuture<Long> publish(byte[] channel, byte[] payload);

  /** Subscribes in batches; completes when Redis acknowledged every batch. */
  CompletableFuture<Void> subscribe(List<byte[]> channels);

  /** Unsubscribes in batches. */
  CompletableFuture<Void> unsubscribe(List<byte[]> channels);

  /**
   * @param connection a connection an event is about
   * @return whether it is one of this link's
   */
  boolean owns(RedisChannelHandler<?, ?> connection);

  /**
   * @return whether every connection of this link is connected now
   */
  boolean isOpen();

  /** Closes the connections (not the client). Idempotent. */
  CompletableFuture<Void> close();
}
