package dev.realtime.backplane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Message;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import dev.realtime.spi.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ReceiverTest {
  private final Interest interest = new Interest();
  private final List<Envelope> envelopes = new CopyOnWriteArrayList<>();
  private final List<String> malformed = new CopyOnWriteArrayList<>();
  private final List<Long> probes = new CopyOnWriteArrayList<>();
  private final List<String> unwanted = new CopyOnWriteArrayList<>();
  private final List<String> dropped = new CopyOnWriteArrayList<>();
  private final Receiver receiver =
      new Receiver(
          "rt:",
          "me",
          interest,
          new BackplaneListener() {
            @Override
            public void onEnvelope(Envelope envelope) {
              envelopes.add(envelope);
            }

            @Override
            public void onStateChange(BackplaneState state) {}

            @Override
            public void onMalformed(String detail) {
              malformed.add(detail);
            }
          },
          probes::add,
          unwanted::add,
          dropped::add);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] envelope(String origin, String room) {
    return EnvelopeCodec.encode(Envelope.of(origin, Target.room(room), Message.of("e", "d")));
  }

  @Test
  void deliversOthersEnvelopesForWantedKeysOnly() {
    interest.set("room:a", true);

    receiver.message(bytes("rt:room:a"), envelope("other", "a"));
    receiver.message(bytes("rt:room:a"), envelope("me", "a")); // own: delivered locally already
    receiver.message(bytes("rt:room:b"), envelope("other", "b")); // not wanted (any more)

    assertThat(envelopes).hasSize(1);
    assertThat(envelopes.get(0).originNode()).isEqualTo("other");
    assertThat(malformed).isEmpty();
  }

  @Test
  void garbageAndMisroutedEnvelopesAreReportedWithoutThePayload() {
    interest.set("room:a", true);

    receiver.message(bytes("rt:room:a"), bytes("secret garbage"));
    receiver.message(bytes("rt:room:a"), new byte[0]);
    receiver.message(bytes("rt:room:a"), envelope("other", "b"));

    assertThat(malformed).hasSize(3);
    assertThat(malformed.get(0)).contains("rt:room:a", "14 bytes").doesNotContain("secret");
    assertThat(malformed.get(2)).contains("room:b", "rt:room:a");
    assertThat(envelopes).isEmpty();
  }

  @Test
  void probeRepliesGoToTheSupervisor() {
    receiver.message(bytes("rt:probe:me"), Probe.payload(42));
    receiver.message(bytes("rt:probe:me"), bytes("probe:not-a-number"));
    receiver.message(bytes("rt:probe:me"), bytes("noise"));

    assertThat(probes).containsExactly(42L);
    assertThat(malformed).isEmpty();
  }

  @Test
  void subscriptionChangesAreTrackedAndSurprisesReported() {
    interest.set("room:a", true);

    receiver.subscribed(bytes("rt:room:a"));
    receiver.subscribed(bytes("rt:room:gone"));
    receiver.subscribed(bytes("rt:probe:me"));

    assertThat(interest.confirmedCount()).isEqualTo(2);
    assertThat(unwanted).containsExactly("room:gone");

    receiver.unsubscribed(bytes("rt:room:a")); // e.g. its cluster slot moved
    receiver.unsubscribed(bytes("rt:room:gone"));
    assertThat(dropped).containsExactly("room:a");
    assertThat(interest.confirmedCount()).isZero();
  }
}
