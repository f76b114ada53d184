package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.realtime.Hub;
import dev.realtime.spi.BackplaneState;
import dev.realtime.tck.RedisServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The backplane each configuration gets, against a real {@code redis-server} and embedded Hazelcast
 * members: the hub reports it and it comes up.
 */
class BackplaneSelectionIT {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private static RedisServer redis;
  private static HazelcastInstance appInstance;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class));

  @BeforeAll
  static void startServers() {
    redis = RedisServer.start();
    Config config = new Config();
    config.setClusterName("realtime-spring-" + UUID.randomUUID());
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    appInstance = Hazelcast.newHazelcastInstance(config);
  }

  @AfterAll
  static void stopServers() {
    if (appInstance != null) {
      appInstance.shutdown();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void redisIsChosenByItsOwnUri() {
    assertRedisUp("realtime.redis.uri=" + redis.uri());
  }

  @Test
  void redisIsChosenByTheApplicationsSpringDataRedisUrl() {
    assertRedisUp("spring.data.redis.url=" + redis.uri());
  }

  @Test
  void redisIsChosenByTheApplicationsSpringDataRedisHostAndPort() {
    assertRedisUp("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());
  }

  @Test
  void hazelcastRunsOnTheApplicationsInstanceAndLeavesItRunning() {
    runner
        .withUserConfiguration(AppInstance.class)
        .run(
            context -> {
              Hub hub = context.getBean(Hub.class);
              assertThat(hub.backplaneHealth().name()).isEqualTo("hazelcast");
              await().atMost(PATIENCE).until(() -> hub.backplaneHealth().isUp());
            });
    // The application owns its instance: closing the hub removed listeners, nothing more.
    assertThat(appInstance.getLifecycleService().isRunning()).isTrue();
    Threads.awaitNone("realtime-");
  }

  @Test
  void hazelcastChosenWithoutAnInstanceStartsAndStopsAnEmbeddedMember() {
    String cluster = "realtime-spring-" + UUID.randomUUID();
    runner
        .withPropertyValues(
            "realtime.backplane=hazelcast", "realtime.hazelcast.cluster-name=" + cluster)
        .run(
            context -> {
              Hub hub = context.getBean(Hub.class);
              assertThat(hub.backplaneHealth().name()).isEqualTo("hazelcast");
              assertThat(hub.backplaneHealth().detail()).contains(cluster);
              assertThat(Hazelcast.getAllHazelcastInstances())
                  .anyMatch(i -> i.getConfig().getClusterName().equals(cluster));
            });
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Hazelcast.getAllHazelcastInstances().stream()
                    .noneMatch(i -> i.getConfig().getClusterName().equals(cluster)));
    Threads.awaitNone("realtime-");
  }

  private void assertRedisUp(String... properties) {
    runner
        .withPropertyValues(properties)
        .run(
            context -> {
              Hub hub = context.getBean(Hub.class);
              assertThat(hub.backplaneHealth().name()).isEqualTo("redis");
              await()
                  .atMost(PATIENCE)
                  .until(() -> hub.backplaneHealth().state() == BackplaneState.UP);
              assertThat(hub.backplaneHealth().detail()).contains(Integer.toString(redis.port()));
            });
    Threads.awaitNone("realtime-");
    Threads.awaitNone("lettuce-");
  }

  /** The application's own Hazelcast member, which the context must not shut down. */
  @Configuration(proxyBeanMethods = false)
  static class AppInstance {
    @Bean(destroyMethod = "")
    HazelcastInstance hazelcastInstance() {
      return appInstance;
    }
  }
}
