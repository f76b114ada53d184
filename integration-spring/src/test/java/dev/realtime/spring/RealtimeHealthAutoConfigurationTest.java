package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RealtimeHealthAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RealtimeAutoConfiguration.class, RealtimeHealthAutoConfiguration.class));

  @Test
  void reportsTheBackplaneAsUpWithDetails() {
    runner.run(
        context -> {
          Hub hub = context.getBean(Hub.class);
          Health health = context.getBean(RealtimeHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("backplane", "local")
              .containsEntry("state", "UP")
              .containsEntry("node", hub.nodeId())
              .containsEntry("connections", 0)
              .containsKey("detail");
        });
  }

  @Test
  void aDownBackplaneMakesTheComponentDown() {
    runner
        .withUserConfiguration(DownBackplane.class)
        .run(
            context -> {
              Health health = context.getBean(RealtimeHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails())
                  .containsEntry("backplane", "fake")
                  .containsEntry("state", "DOWN")
                  .containsEntry("detail", "connection refused");
            });
  }

  @Test
  void recoveredCountsAsUp() {
    try (Hub hub = hubOn(new FixedBackplane(BackplaneState.RECOVERED))) {
      assertThat(new RealtimeHealthIndicator(hub).health().getStatus()).isEqualTo(Status.UP);
    }
  }

  @Test
  void absentWithoutBootsHealthModule() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(Hub.class)
                    .doesNotHaveBean(RealtimeHealthIndicator.class));
  }

  @Test
  void canBeTurnedOff() {
    runner
        .withPropertyValues("management.health.realtime.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(RealtimeHealthIndicator.class));
  }

  private static Hub hubOn(Backplane backplane) {
    return RealtimeHub.builder()
        .config(RealtimeConfig.defaults())
        .backplane(backplane)
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  @Configuration(proxyBeanMethods = false)
  static class DownBackplane {
    @Bean
    Backplane fakeBackplane() {
      return new FixedBackplane(BackplaneState.DOWN);
    }
  }

  /** A backplane whose state the test sets; delivers nothing. */
  static final class FixedBackplane implements Backplane {
    private final BackplaneState state;

    FixedBackplane(BackplaneState state) {
      this.state = state;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public void start(String nodeId, BackplaneListener listener) {}

    @Override
    public CompletionStage<Void> publish(Envelope envelope) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void interest(String routingKey, boolean interested) {}

    @Override
    public BackplaneHealth health() {
      return new BackplaneHealth(
          "fake", state, state == BackplaneState.DOWN ? "connection refused" : "ok");
    }

    @Override
    public void close() {}
  }
}
