package dev.realtime.backplane.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Message;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.Target;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbesTest {
  private final Shards shards = new Shards("realtime.", 256);
  private final AtomicInteger proven = new AtomicInteger();
  private final Probes probes = new Probes("node-1", shards, proven::incrementAndGet);

  @Test
  void everyShardHasAProbeThatTravelsThroughIt() {
    for (int s = 0; s < shards.count(); s++) {
      assertThat(shards.of(probes.probe(s).target().routingKey())).isEqualTo(s);
    }
  }

  @Test
  void roundIsProvenWhenItsLastProbeArrivesAndOnlyThen() {
    probes.begin("r1", List.of(3, 7));
    Envelope three = probes.probe(3);
    Envelope seven = probes.probe(7);
    probes.begin("r2", List.of(3, 7));

    assertThat(probes.arrived(three)).as("a probe of an earlier round is still a probe").isTrue();
    assertThat(probes.missing()).containsExactlyInAnyOrder(3, 7);
    probes.arrived(probes.probe(3));
    assertThat(proven).hasValue(0);
    probes.arrived(probes.probe(7));
    probes.arrived(probes.probe(7));

    assertThat(probes.missing()).isEmpty();
    assertThat(proven).hasValue(1);
    assertThat(seven).isNotNull();
  }

  @Test
  void ordinaryEnvelopesAreNotProbes() {
    probes.begin("r1", IntStream.range(0, 4).boxed().toList());

    assertThat(probes.arrived(Envelope.of("node-1", Target.room("x"), Message.of("e", "r1"))))
        .isFalse();
    assertThat(
            probes.arrived(
                Envelope.of("node-1", Target.connection("node-1:42"), Message.of("e", "r1"))))
        .isFalse();
    assertThat(probes.missing()).hasSize(4);
  }
}
