package dev.realtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  @Test
  void roundTripsEveryField() {
    Message m =
        Message.builder()
            .event("queue")
            .id("42")
            .coalescingKey("doctor-7")
            .data("héllo\nwörld ✓")
            .build();
    Envelope e = new Envelope("node-a", Target.resource("doctor-7"), m, 99L, "epoch-1");

    Envelope back = EnvelopeCodec.decode(EnvelopeCodec.encode(e));

    assertThat(back).isEqualTo(e);
  }

  @Test
  void roundTripsEmptyDataAndAbsentOptionals() {
    Envelope e = Envelope.of("n", Target.room("r"), Message.of(""));

    Envelope back = EnvelopeCodec.decode(EnvelopeCodec.encode(e));

    assertThat(back).isEqualTo(e);
    assertThat(back.message().event()).isEmpty();
    assertThat(back.message().id()).isEmpty();
  }

  @Test
  void roundTripsLargeBinaryishPayloads() {
    byte[] data = new byte[1 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    Envelope e = Envelope.of("n", Target.connection("n:1"), Message.builder().data(data).build());

    assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(e)).message().data()).isEqualTo(data);
  }

  @Test
  void rejectsForeignAndDamagedBytes() {
    byte[] good = EnvelopeCodec.encode(Envelope.of("n", Target.room("r"), Message.of("x")));

    assertThatThrownBy(() -> EnvelopeCodec.decode("hello".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magic");
    byte[] otherVersion = good.clone();
    otherVersion[1] = 9;
    assertThatThrownBy(() -> EnvelopeCodec.decode(otherVersion))
        .hasMessageContaining("unsupported envelope version 9");
    assertThatThrownBy(() -> EnvelopeCodec.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnvelopeCodec.decode(Arrays.copyOf(good, good.length + 1)))
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> EnvelopeCodec.decode(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAnEventNameWithALineBreakSmuggledIntoTheBytes() {
    byte[] bytes =
        EnvelopeCodec.encode(
            Envelope.of("n", Target.room("r"), Message.builder().event("abc").data("x").build()));
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("abc");
    bytes[at + 1] = '\n';

    assertThatThrownBy(() -> EnvelopeCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event");
  }
}
