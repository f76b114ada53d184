package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SseEncoderTest {

  private static String text(Frame f) {
    byte[] bytes = new byte[f.buffer.remaining()];
    f.buffer.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void idEventAndDataLinesEndedByABlankLine() {
    Frame f = SseEncoder.encode(Message.builder().id("42").event("update").data("hello").build());

    assertThat(text(f)).isEqualTo("id: 42\nevent: update\ndata: hello\n\n");
    assertThat(f.message).isTrue();
    assertThat(f.key).isNull();
  }

  @Test
  void dataOnlyMessageHasNoIdOrEventLine() {
    assertThat(text(SseEncoder.encode(Message.of("x")))).isEqualTo("data: x\n\n");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "LF   | a\\nb\\nc   | data: a\\ndata: b\\ndata: c\\n\\n",
        "CR   | a\\rb\\rc   | data: a\\ndata: b\\ndata: c\\n\\n",
        "CRLF | a\\r\\nb\\r\\nc | data: a\\ndata: b\\ndata: c\\n\\n",
        "mix  | a\\nb\\rc\\r\\nd | data: a\\ndata: b\\ndata: c\\ndata: d\\n\\n",
        "LFCR | a\\n\\rb    | data: a\\ndata: \\ndata: b\\n\\n",
        "blank lines | a\\n\\nb | data: a\\ndata: \\ndata: b\\n\\n",
        "leading LF | \\na     | data: \\ndata: a\\n\\n",
      })
  void dataIsSplitOnLfCrAndCrlfIntoSeparateDataLines(String name, String data, String expected) {
    Frame f = SseEncoder.encode(Message.of(unescape(data)));

    assertThat(text(f)).as(name).isEqualTo(unescape(expected));
    assertThat(SseEvents.parse(text(f)))
        .singleElement()
        .satisfies(e -> assertThat(e.data()).isEqualTo(unescape(data).replaceAll("\r\n?", "\n")));
  }

  @Test
  void emptyDataGivesOneEmptyDataLine() {
    Frame f = SseEncoder.encode(Message.builder().build());

    assertThat(text(f)).isEqualTo("data: \n\n");
    assertThat(SseEvents.parse(text(f)))
        .singleElement()
        .satisfies(e -> assertThat(e.data()).isEmpty());
  }

  @Test
  void trailingNewlineIsKeptAsAnEmptyLastDataLine() {
    assertThat(text(SseEncoder.encode(Message.of("a\n")))).isEqualTo("data: a\ndata: \n\n");
    assertThat(text(SseEncoder.encode(Message.of("a\r\n")))).isEqualTo("data: a\ndata: \n\n");
    assertThat(SseEvents.parse(text(SseEncoder.encode(Message.of("a\n")))))
        .singleElement()
        .satisfies(e -> assertThat(e.data()).isEqualTo("a\n"));
  }

  @Test
  void multibyteUtf8IsPreservedByteForByte() {
    String data = "Gr\u00fc\u00dfe \u65e5\u672c \ud83d\ude80\n\u20ac";
    Message m = Message.builder().event("caf\u00e9").id("\u00e9-1").data(data).build();

    Frame f = SseEncoder.encode(m);

    assertThat(text(f))
        .isEqualTo(
            "id: \u00e9-1\nevent: caf\u00e9\ndata: Gr\u00fc\u00dfe \u65e5\u672c \ud83d\ude80\n"
                + "data: \u20ac\n\n");
    assertThat(f.size).isEqualTo(text(f).getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void binaryDataBytesAreCopiedUnchanged() {
    byte[] data = {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, 'x'};
    Frame f = SseEncoder.encode(Message.builder().data(data).build());

    byte[] wire = new byte[f.size];
    f.buffer.duplicate().get(wire);
    assertThat(wire).startsWith("data: ".getBytes(StandardCharsets.UTF_8));
    assertThat(java.util.Arrays.copyOfRange(wire, 6, 11)).isEqualTo(data);
    assertThat(java.util.Arrays.copyOfRange(wire, 11, 13)).isEqualTo(new byte[] {'\n', '\n'});
  }

  @Test
  void coalescingKeyTravelsWithTheFrameButNotOnTheWire() {
    Frame f = SseEncoder.encode(Message.builder().data("v").coalescingKey("price:ACME").build());

    assertThat(f.key).isEqualTo("price:ACME");
    assertThat(text(f)).isEqualTo("data: v\n\n");
  }

  @Test
  void frameBufferIsReadyToReadAndSizeMatches() {
    Frame f = SseEncoder.encode(Message.of("abc"));

    assertThat(f.buffer.position()).isZero();
    assertThat(f.buffer.remaining()).isEqualTo(f.size);
  }

  @Test
  void commentFrame() {
    Frame f = SseEncoder.comment("hb");

    assertThat(text(f)).isEqualTo(": hb\n\n");
    assertThat(f.message).isFalse();
    assertThat(SseEvents.parse(text(f))).isEmpty();
  }

  @Test
  void retryFrame() {
    Frame f = SseEncoder.retry(Duration.ofSeconds(3));

    assertThat(text(f)).isEqualTo("retry: 3000\n\n");
    assertThat(f.message).isFalse();
  }

  private static String unescape(String s) {
    return s.trim().replace("\\r", "\r").replace("\\n", "\n");
  }
}
