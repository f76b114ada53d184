package dev.realtime.backplane.redis;

import dev.realtime.RealtimeConfig;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneProvider;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Provides {@link RedisBackplane} under the name {@code redis}, configured from the environment:
 *
 * <ul>
 *   <li>{@code REDIS_URL} — {@code redis://}, {@code rediss://} or {@code redis-sentinel://} URI;
 *       for a cluster, one or more comma-separated seed URIs; without it the provider is not
 *       configured;
 *   <li>{@code REALTIME_REDIS_CLUSTER=true} — the URL points at a Redis Cluster (implied by several
 *       seeds);
 *   <li>{@code REALTIME_REDIS_PREFIX} — channel prefix (default {@code realtime:}).
 * </ul>
 *
 * Creating the backplane does not connect; the hub's start does.
 */
public final class RedisBackplaneProvider implements BackplaneProvider {

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public RedisBackplaneProvider() {}

  @Override
  public String name() {
    return RedisBackplane.NAME;
  }

  @Override
  public Optional<Backplane> create(RealtimeConfig config, Map<String, String> environment) {
    String url = environment.get("REDIS_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    RedisBackplane.Builder b = RedisBackplane.builder();
    // Commas separate cluster seeds, except in a Sentinel URI where they separate sentinels.
    if (url.contains(",") && !url.contains("-sentinel:")) {
      b.uris(Arrays.stream(url.split(",")).map(String::trim).toList()).cluster(true);
    } else {
      b.uri(url.trim());
    }
    String cluster = environment.get("REALTIME_REDIS_CLUSTER");
    if (cluster != null && !cluster.isBlank()) {
      b.cluster(flag("REALTIME_REDIS_CLUSTER", cluster));
    }
    String prefix = environment.get("REALTIME_REDIS_PREFIX");
    if (prefix != null && !prefix.isEmpty()) {
      b.channelPrefix(prefix);
    }
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("REDIS_URL: " + e.getMessage());
    }
  }

  private static boolean flag(String name, String raw) {
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "Environment variable " + name + " must be true or false, was '" + raw.trim() + "'");
  }
}
