package dev.realtime.backplane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.RealtimeConfig;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneProvider;
import dev.realtime.spi.BackplaneState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RedisBackplaneSettingsTest {
  private final RedisBackplaneProvider provider = new RedisBackplaneProvider();

  private static RedisSettings settings(Backplane b) {
    return ((RedisBackplane) b).settings();
  }

  @Test
  void providerIsRegisteredUnderItsName() {
    assertThat(ServiceLoader.load(BackplaneProvider.class).stream().map(p -> p.get().name()))
        .contains("redis");
  }

  @Test
  void providerIsNotConfiguredWithoutRedisUrl() {
    assertThat(provider.create(RealtimeConfig.defaults(), Map.of())).isEmpty();
    assertThat(provider.create(RealtimeConfig.defaults(), Map.of("REDIS_URL", " "))).isEmpty();
  }

  @Test
  void providerReadsUrlPrefixAndClusterFlag() {
    Optional<Backplane> b =
        provider.create(
            RealtimeConfig.defaults(),
            Map.of(
                "REDIS_URL", "redis://10.0.0.1:7000",
                "REALTIME_REDIS_PREFIX", "app:",
                "REALTIME_REDIS_CLUSTER", "true"));
    assertThat(b).isPresent();
    RedisSettings s = settings(b.get());
    assertThat(s.cluster()).isTrue();
    assertThat(s.channelPrefix()).isEqualTo("app:");
    assertThat(s.endpoints()).isEqualTo("cluster redis://10.0.0.1:7000");
    // creating connects nothing
    assertThat(b.get().health().detail()).contains("not started");
    b.get().close();
  }

  @Test
  void commaSeparatedSeedsMeanCluster() {
    Backplane b =
        provider
            .create(
                RealtimeConfig.defaults(), Map.of("REDIS_URL", "redis://h1:7000, redis://h2:7001"))
            .orElseThrow();
    assertThat(settings(b).cluster()).isTrue();
    assertThat(settings(b).endpoints()).isEqualTo("cluster redis://h1:7000,redis://h2:7001");
  }

  @Test
  void sentinelUrlWithSeveralSentinelsIsNotACluster() {
    Backplane b =
        provider
            .create(
                RealtimeConfig.defaults(),
                Map.of("REDIS_URL", "redis-sentinel://:pw@s1:26379,s2:26380#mymaster"))
            .orElseThrow();
    assertThat(settings(b).cluster()).isFalse();
    assertThat(settings(b).endpoints())
        .isEqualTo("sentinel redis://s1:26379,redis://s2:26380 master mymaster");
  }

  @Test
  void endpointsNeverShowCredentials() {
    RedisBackplane b = RedisBackplane.create("rediss://user:hunter2@cache.example:6380/2");
    assertThat(settings(b).endpoints()).isEqualTo("rediss://cache.example:6380");
    assertThat(b.health().detail()).doesNotContain("hunter2").doesNotContain("user");
    assertThat(b.health().state()).isEqualTo(BackplaneState.UP);
  }

  @Test
  void invalidSettingsNameTheFieldAndNeverEchoTheUri() {
    assertThatThrownBy(() -> RedisBackplane.create("http://:hunter2@host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("uri:")
        .message()
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> RedisBackplane.builder().build())
        .hasMessageStartingWith("uri: a Redis URI is required");
    assertThatThrownBy(() -> RedisBackplane.builder().probeInterval(Duration.ZERO))
        .hasMessage("probeInterval must be positive, was PT0S");
    assertThatThrownBy(() -> RedisBackplane.builder().publishQueueSize(0))
        .hasMessage("publishQueueSize must be at least 1, was 0");
    assertThatThrownBy(
            () -> RedisBackplane.builder().uri("redis-sentinel://s1:26379#m").cluster(true).build())
        .hasMessageContaining("cannot be a Redis Cluster seed");
    assertThatThrownBy(
            () ->
                provider.create(
                    RealtimeConfig.defaults(),
                    Map.of("REDIS_URL", "redis://h:1", "REALTIME_REDIS_CLUSTER", "yes")))
        .hasMessage("Environment variable REALTIME_REDIS_CLUSTER must be true or false, was 'yes'");
    assertThatThrownBy(
            () ->
                provider.create(RealtimeConfig.defaults(), Map.of("REDIS_URL", "nonsense://:pw@x")))
        .hasMessageStartingWith("REDIS_URL: uri:");
  }

  @Test
  void builderKeepsTheUriDetailsAndAppliesTimeouts() {
    RedisBackplane b =
        RedisBackplane.builder()
            .uri("redis://:pw@127.0.0.1:6390/3")
            .commandTimeout(Duration.ofMillis(1500))
            .channelPrefix("x:")
            .build();
    RedisSettings s = settings(b);
    assertThat(s.uri().getDatabase()).isEqualTo(3);
    assertThat(s.uri().getTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.channelPrefix()).isEqualTo("x:");
    assertThat(s.cluster()).isFalse();
    assertThat(s.uris()).hasSize(1);
    assertThat(List.of(s.probeInterval(), s.probeTimeout()))
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(3));
  }
}
