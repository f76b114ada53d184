package dev.realtime.backplane.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.topic.Message;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import dev.realtime.spi.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiverTest {
  private final List<Envelope> handed = new ArrayList<>();
  private final List<String> malformed = new ArrayList<>();
  private final Shards shards = new Shards("t.", 4);
  private final Interest interest = new Interest(shards);
  private final Probes probes = new Probes("me", shards, () -> {});
  private final Receiver receiver =
      new Receiver(
          "me",
          interest,
          probes,
          new BackplaneListener() {
            @Override
            public void onEnvelope(Envelope envelope) {
              if (envelope.message().dataAsString().equals("boom")) {
                throw new IllegalStateException("a hub bug");
              }
              handed.add(envelope);
            }

            @Override
            public void onStateChange(BackplaneState state) {}

            @Override
            public void onMalformed(String detail) {
              malformed.add(detail);
            }
          });

  @Test
  void handsOverEnvelopesOfWantedKeysFromOtherNodes() {
    interest.set("room:lobby", true);

    receive(encode("other", "lobby", "hi"));

    assertThat(handed).extracting(e -> e.message().dataAsString()).containsExactly("hi");
    assertThat(malformed).isEmpty();
  }

  @Test
  void dropsItsOwnEnvelopesAndKeysItDoesNotWant() {
    interest.set("room:lobby", true);

    receive(encode("me", "lobby", "echo"));
    receive(encode("other", "elsewhere", "same shard, other room"));

    assertThat(handed).isEmpty();
    assertThat(malformed).isEmpty();
  }

  @Test
  void takesItsOwnProbesWithoutHandingThemOver() {
    probes.begin("round-1", java.util.List.of(2));

    receive(EnvelopeCodec.encode(probes.probe(2)));

    assertThat(probes.missing()).isEmpty();
    assertThat(handed).isEmpty();
    assertThat(malformed).isEmpty();
  }

  @Test
  void reportsAnythingThatIsNotAnEnvelopeAndKeepsGoing() {
    interest.set("room:lobby", true);
    byte[] valid = encode("other", "lobby", "after");

    receive(new byte[] {1, 2, 3});
    receive("a string");
    receive(null);
    receive(new byte[0]);
    receive(valid);

    assertThat(malformed).hasSize(4).allSatisfy(d -> assertThat(d).startsWith("topic t.1"));
    assertThat(malformed.get(1)).contains("java.lang.String");
    assertThat(handed).hasSize(1);
  }

  @Test
  void aThrowingHubDoesNotEscapeToHazelcast() {
    interest.set("room:lobby", true);

    receive(encode("other", "lobby", "boom"));
    receive(encode("other", "lobby", "next"));

    assertThat(handed).extracting(e -> e.message().dataAsString()).containsExactly("next");
  }

  private boolean current = true;

  @Test
  void dropsWhatComesThroughARetiredListener() {
    interest.set("room:lobby", true);
    current = false;

    receive(encode("other", "lobby", "late"));
    probes.begin("round-1", java.util.List.of(2));
    receive(EnvelopeCodec.encode(probes.probe(2)));

    assertThat(handed).isEmpty();
    assertThat(probes.missing()).as("a stale listener proves nothing").containsExactly(2);
  }

  private void receive(Object payload) {
    receiver.onMessage(new Message<>("t.1", payload, 0L, null), () -> current);
  }

  private static byte[] encode(String origin, String room, String data) {
    return EnvelopeCodec.encode(
        Envelope.of(origin, Target.room(room), dev.realtime.Message.of("m", data)));
  }
}
