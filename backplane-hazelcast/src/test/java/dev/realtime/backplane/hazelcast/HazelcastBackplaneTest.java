package dev.realtime.backplane.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.Message;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HazelcastBackplaneTest {

  @Test
  void builderRejectsBadSettingsNamingTheField() {
    assertThatThrownBy(() -> HazelcastBackplane.client().build()).hasMessageContaining("members");
    assertThatThrownBy(() -> HazelcastBackplane.member().port(0))
        .hasMessageContaining("port must be 1 to 65535, was 0");
    assertThatThrownBy(() -> HazelcastBackplane.member().topicShards(0))
        .hasMessageContaining("topicShards must be 1 to 4096");
    assertThatThrownBy(() -> HazelcastBackplane.member().publishTimeout(Duration.ZERO))
        .hasMessageContaining("publishTimeout must be positive");
    assertThatThrownBy(() -> HazelcastBackplane.member().members(List.of("a b:1")))
        .hasMessageContaining("members: 'a b:1' is not host:port");
    assertThatThrownBy(() -> HazelcastBackplane.client().members(List.of("h")).port(5701).build())
        .hasMessageContaining("embedded member only");
    assertThatThrownBy(() -> HazelcastBackplane.member().clusterName(" "))
        .hasMessageContaining("clusterName");
  }

  @Test
  void acceptsHostsWithAndWithoutPortsAndIpv6() {
    HazelcastBackplane.member().members(List.of("h", "h:5701", "[::1]:5701", " 10.0.0.1:1 "));
  }

  @Test
  void publishBeforeStartFailsInsteadOfBlocking() {
    HazelcastBackplane b = HazelcastBackplane.member().build();
    b.interest("room:x", true); // recorded for the start

    assertThat(b.publish(Envelope.of("n", Target.room("x"), Message.of("e", "d"))))
        .isCompletedExceptionally();
    b.close();
    b.close(); // idempotent
    assertThatThrownBy(() -> b.start("n", null)).isInstanceOf(NullPointerException.class);
  }
}
