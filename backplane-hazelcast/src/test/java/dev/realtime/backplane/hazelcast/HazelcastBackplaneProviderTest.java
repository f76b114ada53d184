package dev.realtime.backplane.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.RealtimeConfig;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneProvider;
import dev.realtime.spi.BackplaneState;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HazelcastBackplaneProviderTest {
  private final HazelcastBackplaneProvider provider = new HazelcastBackplaneProvider();

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertThat(ServiceLoader.load(BackplaneProvider.class).stream().map(p -> p.get().name()))
        .contains("hazelcast");
  }

  @Test
  void isNotConfiguredWithoutMembers() {
    assertThat(create(Map.of())).isEmpty();
    assertThat(create(Map.of("HAZELCAST_MEMBERS", " "))).isEmpty();
  }

  @Test
  void createsAnEmbeddedMemberWithoutStartingIt() {
    Backplane b =
        create(
                Map.of(
                    "HAZELCAST_MEMBERS",
                    "127.0.0.1:5701, 127.0.0.1:5702",
                    "HAZELCAST_PORT",
                    "5702"))
            .orElseThrow();

    assertThat(b).isInstanceOf(HazelcastBackplane.class);
    assertThat(b.name()).isEqualTo("hazelcast");
    assertThat(b.health().state()).isEqualTo(BackplaneState.UP);
    assertThat(b.health().detail()).isEqualTo("not started");
    b.close();
    assertThat(b.health().state()).isEqualTo(BackplaneState.DOWN);
  }

  @Test
  void acceptsAClientAndAClusterName() {
    assertThat(
            create(
                Map.of(
                    "HAZELCAST_MEMBERS", "hz-1,hz-2:5702",
                    "HAZELCAST_CLIENT", "true",
                    "HAZELCAST_CLUSTER_NAME", "prod")))
        .isPresent();
  }

  @Test
  void rejectsBadSettingsNamingTheVariable() {
    assertThatThrownBy(() -> create(Map.of("HAZELCAST_MEMBERS", "h:99999")))
        .hasMessageContaining("HAZELCAST_MEMBERS")
        .hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> create(Map.of("HAZELCAST_MEMBERS", "h:1", "HAZELCAST_PORT", "x")))
        .hasMessageContaining("HAZELCAST_PORT");
    assertThatThrownBy(() -> create(Map.of("HAZELCAST_MEMBERS", "h:1", "HAZELCAST_CLIENT", "yes")))
        .hasMessageContaining("HAZELCAST_CLIENT");
    assertThatThrownBy(
            () ->
                create(
                    Map.of(
                        "HAZELCAST_MEMBERS", "h:1",
                        "HAZELCAST_CLIENT", "true",
                        "HAZELCAST_PORT", "5701")))
        .hasMessageContaining("HAZELCAST_PORT");
    assertThatThrownBy(() -> create(Map.of("HAZELCAST_MEMBERS", ", ,")))
        .hasMessageContaining("no address");
  }

  private Optional<Backplane> create(Map<String, String> environment) {
    return provider.create(RealtimeConfig.defaults(), environment);
  }
}
