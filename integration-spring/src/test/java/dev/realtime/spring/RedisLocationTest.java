package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RedisLocationTest {

  @Test
  void nothingConfiguredFindsNothing() {
    assertThat(RedisLocation.find(new MockEnvironment())).isEmpty();
  }

  @Test
  void theOwnPropertyWinsOverSpringDataRedis() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("realtime.redis.uri", "redis://own:6379")
            .withProperty("spring.data.redis.url", "redis://data:6379")
            .withProperty("spring.data.redis.host", "host");
    assertThat(RedisLocation.find(env))
        .contains(new RedisLocation("redis://own:6379", "realtime.redis.uri"));
  }

  @Test
  void springDataRedisUrlWinsOverHost() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("spring.data.redis.url", "redis://data:6379")
            .withProperty("spring.data.redis.host", "host");
    assertThat(RedisLocation.find(env))
        .contains(new RedisLocation("redis://data:6379", "spring.data.redis.url"));
  }

  @Test
  void hostPortCredentialsDatabaseAndTlsMakeAUri() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("spring.data.redis.host", "cache.internal")
            .withProperty("spring.data.redis.port", "6380")
            .withProperty("spring.data.redis.username", "app")
            .withProperty("spring.data.redis.password", "p@ss word")
            .withProperty("spring.data.redis.database", "2")
            .withProperty("spring.data.redis.ssl.enabled", "true");
    RedisLocation location = RedisLocation.find(env).orElseThrow();
    assertThat(location.uri()).isEqualTo("rediss://app:p%40ss%20word@cache.internal:6380/2");
    assertThat(location.source()).isEqualTo("spring.data.redis.host");
    assertThat(location.display()).isEqualTo("rediss://app:****@cache.internal:6380/2");
  }

  @Test
  void hostAloneUsesTheDefaultPort() {
    MockEnvironment env = new MockEnvironment().withProperty("spring.data.redis.host", "h");
    assertThat(RedisLocation.find(env).orElseThrow().uri()).isEqualTo("redis://h:6379");
  }
}
