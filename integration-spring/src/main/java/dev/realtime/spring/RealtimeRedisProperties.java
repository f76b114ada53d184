package dev.realtime.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redis backplane under {@code realtime.redis.*}; used when {@code realtime.backplane=redis},
 * or when it is unset, {@code dev.realtime:backplane-redis} is on the classpath and a Redis URL is
 * configured here or in {@code spring.data.redis.url} (else {@code spring.data.redis.host}).
 */
@ConfigurationProperties("realtime.redis")
public class RealtimeRedisProperties {

  /**
   * redis://[:password@]host:6379[/db], rediss:// for TLS,
   * redis-sentinel://host:26379[,host2:26379]#master, or comma-separated seeds of a Redis Cluster.
   * Unset: spring.data.redis.url, else spring.data.redis.host/port.
   */
  private String uri;

  /** Whether the URI points at a Redis Cluster (implied by several comma-separated seeds). */
  private boolean cluster;

  /** Channel prefix, so several applications can share one Redis. */
  private String channelPrefix = "realtime:";

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public boolean isCluster() {
    return cluster;
  }

  public void setCluster(boolean cluster) {
    this.cluster = cluster;
  }

  public String getChannelPrefix() {
    return channelPrefix;
  }

  public void setChannelPrefix(String channelPrefix) {
    this.channelPrefix = channelPrefix;
  }
}
