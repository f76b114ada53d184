package dev.realtime.backplane.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The validated settings of one {@link RedisBackplane}; built by {@link RedisBackplane.Builder}.
 */
record RedisSettings(
    List<RedisURI> uris,
    boolean cluster,
    String channelPrefix,
    Duration probeInterval,
    Duration probeTimeout,
    int publishQueueSize,
    Duration commandTimeout,
    Duration connectTimeout,
    Duration maxReconnectDelay) {

  RedisSettings {
    uris = List.copyOf(uris);
  }

  /** The first URI: the server of a standalone or Sentinel setup. */
  RedisURI uri() {
    return uris.get(0);
  }

  /**
   * Where this backplane connects, for health and log lines: scheme, hosts and ports, never a user
   * name or password.
   */
  String endpoints() {
    if (cluster) {
      return "cluster "
          + uris.stream().map(RedisSettings::hostPort).collect(Collectors.joining(","));
    }
    RedisURI u = uri();
    if (!u.getSentinels().isEmpty()) {
      return "sentinel "
          + u.getSentinels().stream().map(RedisSettings::hostPort).collect(Collectors.joining(","))
          + " master "
          + u.getSentinelMasterId();
    }
    return hostPort(u);
  }

  private static String hostPort(RedisURI u) {
    String scheme = u.isSsl() ? "rediss://" : "redis://";
    if (u.getSocket() != null) {
      return "redis-socket://" + u.getSocket();
    }
    return scheme + u.getHost() + ":" + u.getPort();
  }
}
