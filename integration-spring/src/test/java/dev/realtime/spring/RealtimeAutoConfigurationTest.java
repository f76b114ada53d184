package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.HubListener;
import dev.realtime.OverflowPolicy;
import dev.realtime.RealtimeConfig;
import dev.realtime.SlowConsumerPolicy;
import dev.realtime.backplane.local.LocalBackplane;
import dev.realtime.core.RealtimeHub;
import dev.realtime.spi.Backplane;
import dev.realtime.tck.RecordingOutlet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class RealtimeAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class));

  @Test
  void zeroConfigurationGivesADefaultHubOnTheLocalBackplane() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(Hub.class).hasSingleBean(Backplane.class);
          assertThat(context.getBean(RealtimeConfig.class)).isEqualTo(RealtimeConfig.defaults());
          Hub hub = context.getBean(Hub.class);
          assertThat(hub.config()).isEqualTo(RealtimeConfig.defaults());
          assertThat(hub.backplaneHealth().name()).isEqualTo("local");
          assertThat(context.getBean(Backplane.class)).isInstanceOf(LocalBackplane.class);
        });
  }

  @Test
  void everyPropertyReachesTheConfiguration() {
    runner
        .withPropertyValues(
            "realtime.max-connections-per-resource=7",
            "realtime.max-connections=70",
            "realtime.overflow-policy=evict-oldest",
            "realtime.connection-timeout=10m",
            "realtime.timeout-jitter=5s",
            "realtime.heartbeat-interval=15", // a bare number means seconds
            "realtime.idle-timeout=2m",
            "realtime.max-queued-bytes-per-connection=2MB",
            "realtime.max-message-bytes=1KB",
            "realtime.max-rooms-per-connection=9",
            "realtime.slow-consumer-policy=latest-per-key",
            "realtime.client-retry=1500ms",
            "realtime.sweep-interval=250ms",
            "realtime.shutdown-close-rate=50",
            "realtime.shutdown-timeout=4s",
            "realtime.gap-event=missed",
            "realtime.drain-threads=3",
            "realtime.backplane=local",
            "realtime.allowed-origins=https://a.example,https://b.example")
        .run(
            context -> {
              RealtimeConfig c = context.getBean(Hub.class).config();
              assertThat(c.maxConnectionsPerResource()).isEqualTo(7);
              assertThat(c.maxConnections()).isEqualTo(70);
              assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.EVICT_OLDEST);
              assertThat(c.connectionTimeout()).isEqualTo(Duration.ofMinutes(10));
              assertThat(c.timeoutJitter()).isEqualTo(Duration.ofSeconds(5));
              assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
              assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
              assertThat(c.maxQueuedBytesPerConnection()).isEqualTo(2 << 20);
              assertThat(c.maxMessageBytes()).isEqualTo(1024);
              assertThat(c.maxRoomsPerConnection()).isEqualTo(9);
              assertThat(c.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.LATEST_PER_KEY);
              assertThat(c.clientRetry()).isEqualTo(Duration.ofMillis(1500));
              assertThat(c.sweepInterval()).isEqualTo(Duration.ofMillis(250));
              assertThat(c.shutdownCloseRate()).isEqualTo(50);
              assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
              assertThat(c.gapEvent()).isEqualTo("missed");
              assertThat(c.drainThreads()).isEqualTo(3);
              assertThat(c.backplane()).isEqualTo("local");
              assertThat(c.allowedOrigins())
                  .containsExactlyInAnyOrder("https://a.example", "https://b.example");
              // Every RealtimeConfig field must have a property: a field added to RealtimeConfig
              // without one keeps its default here and fails this check.
              List<String> unchanged = new ArrayList<>();
              for (Method m : RealtimeConfig.class.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())
                    && !Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 0
                    && !Set.of("toBuilder", "toString", "hashCode").contains(m.getName())
                    && m.invoke(c).equals(m.invoke(RealtimeConfig.defaults()))) {
                  unchanged.add(m.getName());
                }
              }
              // "local" and "auto" differ; only fields without a property stay at the default.
              assertThat(unchanged).isEmpty();
            });
  }

  @Test
  void anOutOfRangeValueFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues("realtime.max-connections-per-resource=0")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.realtime(context.getStartupFailure()))
                  .hasMessageContaining(
                      "realtime.max-connections-per-resource must be between 1 and 1000000, was 0");
              var analysis = new RealtimeFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("realtime.max-connections-per-resource must be between 1 and 1000000");
              assertThat(analysis.getAction())
                  .contains("Change realtime.max-connections-per-resource");
            });
  }

  @Test
  void contradictingValuesFailStartupNamingBothProperties() {
    runner
        .withPropertyValues(
            "realtime.max-connections-per-resource=200", "realtime.max-connections=100")
        .run(
            context ->
                assertThat(Failures.realtime(context.getStartupFailure()))
                    .hasMessageContaining(
                        "realtime.max-connections-per-resource (200) must not exceed"
                            + " realtime.max-connections (100)"));
  }

  @Test
  void aTooShortDurationFailsStartupNamingThePropertyAndTheLimit() {
    runner
        .withPropertyValues("realtime.heartbeat-interval=5ms")
        .run(
            context ->
                assertThat(Failures.realtime(context.getStartupFailure()))
                    .hasMessageContaining(
                        "realtime.heartbeat-interval must be zero or at least PT0.01S"));
  }

  @Test
  void redisChosenWithoutItsLibraryFailsNamingTheDependency() {
    runner
        .withClassLoader(new FilteredClassLoader("dev.realtime.backplane.redis"))
        .withPropertyValues("realtime.backplane=redis")
        .run(
            context -> {
              assertThat(Failures.realtime(context.getStartupFailure()))
                  .hasMessageContaining("dev.realtime:backplane-redis is not on the classpath");
              assertThat(
                      new RealtimeFailureAnalyzer()
                          .analyze(context.getStartupFailure())
                          .getAction())
                  .contains("Add the dependency dev.realtime:backplane-redis");
            });
  }

  @Test
  void hazelcastChosenWithoutItsLibraryFailsNamingTheDependency() {
    runner
        .withClassLoader(new FilteredClassLoader("dev.realtime.backplane.hazelcast"))
        .withPropertyValues("realtime.backplane=hazelcast")
        .run(
            context ->
                assertThat(Failures.realtime(context.getStartupFailure()))
                    .hasMessageContaining(
                        "dev.realtime:backplane-hazelcast is not on the classpath"));
  }

  @Test
  void anUnknownBackplaneFailsStartup() {
    runner
        .withPropertyValues("realtime.backplane=kafka")
        .run(
            context ->
                assertThat(Failures.realtime(context.getStartupFailure()))
                    .hasMessageContaining("realtime.backplane must be local, redis or hazelcast")
                    .hasMessageContaining("was 'kafka'"));
  }

  @Test
  void backplaneLibrariesWithoutConfigurationKeepTheLocalBackplane() {
    // backplane-redis and backplane-hazelcast are on the test classpath, but there is neither a
    // Redis URL nor a HazelcastInstance bean.
    runner.run(
        context ->
            assertThat(context.getBean(Hub.class).backplaneHealth().name()).isEqualTo("local"));
  }

  @Test
  void customizersRunInOrderOnConfigurationAndBuilder() {
    runner
        .withUserConfiguration(Customizers.class)
        .withPropertyValues("realtime.max-connections=300")
        .run(
            context -> {
              Hub hub = context.getBean(Hub.class);
              assertThat(context.getBean(Customizers.class).calls)
                  .containsExactly("first config", "second config", "first hub", "second hub");
              assertThat(hub.config().maxConnections()).isEqualTo(600); // the second one wins
              assertThat(hub.nodeId()).isEqualTo("node-second");
            });
  }

  @Test
  void theApplicationsOwnBeansAreRespected() {
    runner
        .withUserConfiguration(OwnConfigAndBackplane.class)
        .run(
            context -> {
              Hub hub = context.getBean(Hub.class);
              assertThat(hub.config().maxConnectionsPerResource()).isEqualTo(3);
              assertThat(context.getBean(Backplane.class))
                  .isSameAs(context.getBean(OwnConfigAndBackplane.class).backplane);
            });
    runner
        .withUserConfiguration(OwnHub.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Hub.class).doesNotHaveBean(Backplane.class);
              assertThat(context.getBean(Hub.class).nodeId()).isEqualTo("own-hub");
            });
  }

  @Test
  void listenerBeansAreRegisteredAndMetersGoToTheApplicationsRegistry() {
    runner
        .withUserConfiguration(ListenerAndRegistry.class)
        .run(
            context -> {
              Hub hub = context.getBean(Hub.class);
              Connection c =
                  hub.open(
                      ConnectionRequest.builder("doctor-1").principal("alice").build(),
                      new RecordingOutlet());
              assertThat(context.getBean(ListenerAndRegistry.class).opened)
                  .containsExactly("alice");
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get("realtime.connections")
                          .tag("node", hub.nodeId())
                          .gauge()
                          .value())
                  .isEqualTo(1.0);
              c.close(dev.realtime.CloseReason.SERVER);
            });
  }

  @Test
  void closingTheContextClosesTheHubAndItsThreads() {
    Hub[] hub = new Hub[1];
    runner.run(
        context -> {
          hub[0] = context.getBean(Hub.class);
          assertThat(Threads.containing(hub[0].nodeId())).isNotEmpty();
        });
    assertThatThrownBy(() -> hub[0].open(ConnectionRequest.of("r"), new RecordingOutlet()))
        .isInstanceOf(ConnectionRejectedException.class);
    Threads.awaitNone(hub[0].nodeId());
  }

  @Test
  void theDrainStopsBeforeTheWebServersGracefulShutdown() {
    runner.run(
        context -> {
          HubShutdownLifecycle lifecycle = context.getBean(HubShutdownLifecycle.class);
          // Higher phases stop first.
          assertThat(lifecycle.getPhase())
              .isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
          assertThat(lifecycle.isRunning()).isTrue();
          ((ConfigurableApplicationContext) context).stop();
          assertThat(lifecycle.isRunning()).isFalse();
          assertThatThrownBy(
                  () ->
                      context
                          .getBean(Hub.class)
                          .open(ConnectionRequest.of("r"), new RecordingOutlet()))
              .isInstanceOf(ConnectionRejectedException.class);
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    RealtimeCustomizer second() {
      return new RealtimeCustomizer() {
        @Override
        public void customize(RealtimeHub.Builder hub) {
          calls.add("second hub");
          hub.nodeId("node-second");
        }

        @Override
        public void customizeConfig(RealtimeConfig.Builder config) {
          calls.add("second config");
          config.maxConnections(600);
        }
      };
    }

    @Bean
    @Order(1)
    RealtimeCustomizer first() {
      return new RealtimeCustomizer() {
        @Override
        public void customize(RealtimeHub.Builder hub) {
          calls.add("first hub");
          hub.nodeId("node-first");
        }

        @Override
        public void customizeConfig(RealtimeConfig.Builder config) {
          calls.add("first config");
          config.maxConnections(500);
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnConfigAndBackplane {
    final Backplane backplane = new LocalBackplane();

    @Bean
    RealtimeConfig ownConfig() {
      return RealtimeConfig.builder().maxConnectionsPerResource(3).build();
    }

    @Bean
    Backplane ownBackplane() {
      return backplane;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnHub {
    @Bean
    Hub ownHub() {
      return RealtimeHub.builder()
          .backplane(new LocalBackplane())
          .meterRegistry(new SimpleMeterRegistry())
          .nodeId("own-hub")
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerAndRegistry {
    final List<String> opened = new CopyOnWriteArrayList<>();

    @Bean
    MeterRegistry registry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    HubListener listener() {
      return new HubListener() {
        @Override
        public void onOpen(Connection connection) {
          opened.add(connection.principal().orElse("?"));
        }
      };
    }
  }
}
