package dev.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {
  private static final String HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

  private final List<long[]> events = new ArrayList<>();
  private int opened;

  private final StreamDecoder decoder =
      new StreamDecoder(
          new StreamDecoder.Sink() {
            @Override
            public void opened() {
              opened++;
            }

            @Override
            public void event(long seq, long sentNanos) {
              events.add(new long[] {seq, sentNanos});
            }
          });

  @Test
  void decodesChunkedSseWhateverTheReadBoundaries() {
    String body =
        "retry: 3000\n\n"
            + ": heartbeat\n\n"
            + "event: load\ndata: 7,123456789,xxxx\n\n"
            + "event: load\ndata: 8,987\n\n"
            + "data: not,ours\n\n"
            + "data: 9,55,padding,with,commas\n\n";
    byte[] wire = (HEAD + chunked(body, 5, 17, 1, 40, 1000)).getBytes(StandardCharsets.US_ASCII);
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      StreamDecoder d = fresh();
      int i = 0;
      while (i < wire.length) {
        int n = Math.min(wire.length - i, 1 + random.nextInt(trial % 2 == 0 ? 3 : 64));
        assertThat(d.decode(wire, i, n)).isTrue();
        i += n;
      }
      assertThat(opened).isEqualTo(1);
      assertThat(events)
          .containsExactly(new long[] {7, 123456789}, new long[] {8, 987}, new long[] {9, 55});
    }
  }

  @Test
  void readsAPlainBodyWhenNotChunked() {
    byte[] wire =
        ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: 1,2\n\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(decoder.decode(wire, 0, wire.length)).isTrue();
    assertThat(events).containsExactly(new long[] {1, 2});
  }

  @Test
  void failsOnAnotherStatusNamingTheStatusLine() {
    byte[] wire =
        "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(decoder.decode(wire, 0, wire.length)).isFalse();
    assertThat(decoder.failure()).contains("429");
    assertThat(opened).isZero();
  }

  @Test
  void failsWhenTheServerEndsTheStream() {
    byte[] wire = (HEAD + chunked("data: 1,2\n\n", 100) + "0\r\n\r\n").getBytes();
    assertThat(decoder.decode(wire, 0, wire.length)).isFalse();
    assertThat(decoder.failure()).contains("ended");
    assertThat(events).hasSize(1);
  }

  private StreamDecoder fresh() {
    events.clear();
    opened = 0;
    return new StreamDecoder(
        new StreamDecoder.Sink() {
          @Override
          public void opened() {
            opened++;
          }

          @Override
          public void event(long seq, long sentNanos) {
            events.add(new long[] {seq, sentNanos});
          }
        });
  }

  /** Chunked encoding of {@code body} in chunks of the given sizes (the last repeats). */
  private static String chunked(String body, int... sizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    int k = 0;
    while (i < body.length()) {
      int n = Math.min(body.length() - i, sizes[Math.min(k++, sizes.length - 1)]);
      String ext = k % 2 == 0 ? ";ext=1" : "";
      out.writeBytes((Integer.toHexString(n) + ext + "\r\n").getBytes());
      out.writeBytes(body.substring(i, i + n).getBytes());
      out.writeBytes("\r\n".getBytes());
      i += n;
    }
    return out.toString();
  }
}
