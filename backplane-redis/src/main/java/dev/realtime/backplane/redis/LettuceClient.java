package dev.realtime.backplane.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce client of one backplane, with its own event loops and timer so that closing the
 * backplane leaves no thread behind. Options shared by every connection: reconnect automatically,
 * reject commands while disconnected (a publish fails at once instead of being replayed late), a
 * bounded request queue, and command and connect timeouts. A cluster client keeps Lettuce 7's
 * default adaptive topology refresh (on MOVED redirects, persistent reconnects, uncovered slots).
 */
final class LettuceClient {
  private final RedisSettings settings;
  private final ClientResources resources;
  private final AbstractRedisClient client;

  LettuceClient(RedisSettings settings, RedisConnectionStateListener events) {
    this.settings = settings;
    this.resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(100), settings.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
            .build();
    SocketOptions socket =
        SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
    if (settings.cluster()) {
      RedisClusterClient c = RedisClusterClient.create(resources, settings.uris());
      c.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .requestQueueSize(settings.publishQueueSize())
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .build());
      client = c;
    } else {
      RedisClient c = RedisClient.create(resources);
      c.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .requestQueueSize(settings.publishQueueSize())
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .build());
      client = c;
    }
    client.addListener(events);
  }

  /** A new, unopened set of connections. */
  RedisLink newLink(RedisLink.Listener listener) {
    if (client instanceof RedisClusterClient c) {
      return new ClusterLink(c, listener);
    }
    return new StandaloneLink((RedisClient) client, settings.uri(), listener);
  }

  /** Closes every connection, then the event loops and the timer. */
  void shutdown(Duration timeout) {
    long millis = timeout.toMillis();
    try {
      client.shutdown(0, millis, TimeUnit.MILLISECONDS);
    } finally {
      resources.shutdown(0, millis, TimeUnit.MILLISECONDS).awaitUninterruptibly(millis);
    }
  }
}
