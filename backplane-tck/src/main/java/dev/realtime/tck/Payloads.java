package dev.realtime.tck;

import dev.realtime.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The payloads a backplane must carry intact. */
final class Payloads {
  static final String EVENT = "tck-payload";

  /** Code points of 1, 2, 3 and 4 UTF-8 bytes, and a combining mark. */
  private static final int[] MIXED = {'a', 'Z', ' ', 0xE9, 0x6F22, 0x1F600, 0x0301, '~', 0x4E16};

  private Payloads() {}

  /** Messages in the order they are sent; each carries an id so the client sees it too. */
  static List<Message> all(int maxMessageBytes) {
    return List.of(
        Message.builder().event(EVENT).id("empty").data("").build(),
        Message.builder().event(EVENT).id("max").data(text(maxMessageBytes)).build(),
        Message.builder()
            .event(EVENT + "-\u00fcn\u00efc\u00f6d\u00e9-\uD83D\uDE00")
            .id("id-\u00e9-\u6f22-\uD83C\uDF89")
            .data(
                "emoji \uD83D\uDE00\uD83C\uDF89 \uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67"
                    + " flags \uD83C\uDDEF\uD83C\uDDF5"
                    + " CJK \u6f22\u5b57 \u304b\u306a \u30ab\u30ca \ud55c\uad6d\uc5b4"
                    + " combining e\u0301 a\u0308 n\u0303 Z\u0351\u0364\u0308"
                    + " RTL \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"
                    + " NUL\u0000 and \u00a0nbsp")
            .build(),
        Message.builder()
            .event(EVENT)
            .id("multi-line")
            .data(
                "\nfirst\nsecond\n\n  indented: with a colon\ndata: not a field\n: nor a comment\n")
            .build(),
        Message.builder().event(EVENT).id("binary").data(binary()).build());
  }

  /** Text of exactly {@code bytes} UTF-8 bytes mixing 1- to 4-byte characters, without CR or LF. */
  static String text(int bytes) {
    StringBuilder s = new StringBuilder(bytes);
    int used = 0;
    for (int i = 0; ; i++) {
      int cp = MIXED[i % MIXED.length];
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + n > bytes) {
        break;
      }
      s.appendCodePoint(cp);
      used += n;
    }
    return s.append("x".repeat(bytes - used)).toString();
  }

  /**
   * Every byte value but CR and LF (which SSE turns into line breaks), twice, so the data is not
   * valid UTF-8: a backplane that treats payloads as text corrupts it.
   */
  static byte[] binary() {
    byte[] b = new byte[2 * 254];
    int n = 0;
    for (int round = 0; round < 2; round++) {
      for (int v = 0; v < 256; v++) {
        if (v != '\r' && v != '\n') {
          b[n++] = (byte) v;
        }
      }
    }
    return b;
  }
}
