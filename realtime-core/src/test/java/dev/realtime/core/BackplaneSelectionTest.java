package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import dev.realtime.backplane.local.LocalBus;
import dev.realtime.spi.BackplaneState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackplaneSelectionTest {
  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  @Test
  void withNoConfigurationTheHubRunsOnTheLocalBackplane() {
    Hub hub = hubs.start(RealtimeHub.builder().meterRegistry(new SimpleMeterRegistry()));

    assertThat(hub.stats().backplane()).isEqualTo("local");
    assertThat(hub.stats().backplaneState()).isEqualTo(BackplaneState.UP);
    assertThat(hub.backplaneHealth().name()).isEqualTo("local");
    assertThat(hub.backplaneHealth().isUp()).isTrue();
  }

  @Test
  void localCanBeChosenByName() {
    Hub hub = hubs.start(RealtimeConfig.builder().backplane("LOCAL").build());

    assertThat(hub.stats().backplane()).isEqualTo("local");
  }

  @Test
  void aChosenBackplaneWithoutAProviderFailsNamingIt() {
    RealtimeHub.Builder builder =
        TestHubs.builder(RealtimeConfig.builder().backplane("nope").build());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("backplane-nope")
        .hasMessageContaining("local");
  }

  @Test
  void anExplicitBackplaneWinsOverConfiguration() {
    LocalBus bus = new LocalBus();
    Hub hub =
        hubs.start(
            TestHubs.builder(RealtimeConfig.builder().backplane("nope").build())
                .backplane(bus.newBackplane()));

    assertThat(hub.stats().backplane()).isEqualTo("local-bus");
    assertThat(bus.memberCount()).isEqualTo(1);
  }

  @Test
  void anExplicitBackplaneIsClosedWithTheHub() {
    LocalBus bus = new LocalBus();
    Hub hub = hubs.start(TestHubs.builder(RealtimeConfig.defaults()).backplane(bus.newBackplane()));
    assertThat(bus.memberCount()).isEqualTo(1);

    hub.close();

    assertThat(bus.memberCount()).isZero();
  }
}
