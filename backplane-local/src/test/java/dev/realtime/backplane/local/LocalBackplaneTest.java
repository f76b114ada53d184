package dev.realtime.backplane.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneProvider;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LocalBackplaneTest {

  @Test
  void isAlwaysUpAndNamedLocal() {
    try (LocalBackplane b = new LocalBackplane()) {
      RecordingBackplaneListener l = new RecordingBackplaneListener();
      b.start("n1", l);
      b.interest(Target.roomKey("r"), true);

      assertThat(b.name()).isEqualTo("local");
      assertThat(b.health().state()).isEqualTo(BackplaneState.UP);
      assertThat(b.health().isUp()).isTrue();
      assertThat(b.health().name()).isEqualTo("local");
      assertThat(
              b.publish(Envelope.of("n1", Target.room("r"), Message.of("x"))).toCompletableFuture())
          .succeedsWithin(Duration.ofSeconds(1));
      assertThat(l.envelopes).isEmpty();
      assertThat(l.states).isEmpty();
    }
  }

  @Test
  void providerIsFoundByServiceLoaderAndAlwaysConfigured() {
    List<BackplaneProvider> providers =
        ServiceLoader.load(BackplaneProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();

    assertThat(providers).extracting(BackplaneProvider::name).contains("local");
    BackplaneProvider local =
        providers.stream().filter(p -> p.name().equals("local")).findFirst().orElseThrow();
    try (Backplane b = local.create(RealtimeConfig.defaults(), Map.of()).orElseThrow()) {
      assertThat(b).isInstanceOf(LocalBackplane.class);
    }
  }
}
