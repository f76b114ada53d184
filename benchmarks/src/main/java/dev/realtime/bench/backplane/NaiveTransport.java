package dev.realtime.bench.backplane;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How the baseline moves its JSON strings from node A to node B: one shared channel, a synchronous
 * publish per message, every message heard by every node.
 */
interface NaiveTransport extends AutoCloseable {

  /** Publishes on node A; returns once the transport took it (a Redis round trip, for Redis). */
  void publish(String json);

  /** Starts delivering what node B hears to {@code onMessage}, on the transport's thread. */
  void subscribe(Consumer<String> onMessage);

  /** Node B stops listening. */
  void unsubscribe();

  @Override
  void close();

  /**
   * Lettuce as the guides use Redis: a publish connection used through the synchronous API (one
   * {@code PUBLISH} and one round trip per message) and a pub/sub connection whose listener does
   * the delivery on Lettuce's I/O thread.
   */
  static NaiveTransport redis(String uri, String channel) {
    RedisURI target = RedisURI.create(uri);
    target.setTimeout(Duration.ofSeconds(3)); // as the library's: a dead server fails, not hangs
    RedisClient client = RedisClient.create(target);
    StatefulRedisConnection<String, String> pub;
    StatefulRedisPubSubConnection<String, String> sub;
    try {
      pub = client.connect();
      sub = client.connectPubSub();
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
    return new NaiveTransport() {
      @Override
      public void publish(String json) {
        pub.sync().publish(channel, json);
      }

      @Override
      public void subscribe(Consumer<String> onMessage) {
        sub.addListener(
            new RedisPubSubAdapter<>() {
              @Override
              public void message(String ch, String message) {
                onMessage.accept(message);
              }
            });
        sub.sync().subscribe(channel);
      }

      @Override
      public void unsubscribe() {
        sub.sync().unsubscribe(channel);
      }

      @Override
      public void close() {
        try {
          pub.close();
          sub.close();
        } finally {
          client.shutdown(0, 2, TimeUnit.SECONDS);
        }
      }
    };
  }

  /** One Hazelcast topic for everything: {@code ITopic.publish} on A, a listener on B. */
  static NaiveTransport hazelcast(HazelcastInstance a, HazelcastInstance b, String topic) {
    ITopic<String> out = a.getTopic(topic);
    ITopic<String> in = b.getTopic(topic);
    return new NaiveTransport() {
      private volatile UUID registration;

      @Override
      public void publish(String json) {
        out.publish(json);
      }

      @Override
      public void subscribe(Consumer<String> onMessage) {
        registration = in.addMessageListener(m -> onMessage.accept(m.getMessageObject()));
      }

      @Override
      public void unsubscribe() {
        UUID r = registration;
        registration = null;
        if (r != null) {
          in.removeMessageListener(r);
        }
      }

      @Override
      public void close() {
        unsubscribe();
      }
    };
  }

  /** In one JVM: a hand-off to node B's single delivery thread, as {@code LocalBus} does. */
  static NaiveTransport local() {
    ExecutorService nodeB =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "bench-naive-local");
              t.setDaemon(true);
              return t;
            });
    return new NaiveTransport() {
      private volatile Consumer<String> listener;

      @Override
      public void publish(String json) {
        Consumer<String> l = listener;
        if (l != null) {
          nodeB.execute(() -> l.accept(json));
        }
      }

      @Override
      public void subscribe(Consumer<String> onMessage) {
        listener = onMessage;
      }

      @Override
      public void unsubscribe() {
        listener = null;
      }

      @Override
      public void close() {
        nodeB.shutdown();
        try {
          if (!nodeB.awaitTermination(5, TimeUnit.SECONDS)) {
            nodeB.shutdownNow();
          }
        } catch (InterruptedException e) {
          nodeB.shutdownNow();
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  /** A name no other run on the same server uses. */
  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }
}
