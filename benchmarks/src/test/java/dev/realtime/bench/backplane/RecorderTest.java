package dev.realtime.bench.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecorderTest {

  private static ByteBuffer frame(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void dataStartsWithTheStampAndHasTheAskedSize() {
    assertThat(Recorder.data(123_456, 32)).hasSize(32).startsWith("123456 x");
    assertThat(Recorder.data(123_456, 3)).isEqualTo("123456");
  }

  @Test
  void readsTheStampOfAnSseFrameWithoutMovingTheBuffer() {
    ByteBuffer f = frame("event: tick\ndata: " + Recorder.data(987_654_321L, 64) + "\n\n");
    assertThat(Recorder.stamp(f)).isEqualTo(987_654_321L);
    assertThat(f.position()).isZero();
    assertThat(Recorder.stamp(frame("retry: 3000\n\n"))).isEqualTo(-1);
    assertThat(Recorder.stamp(frame(": heartbeat\n\n"))).isEqualTo(-1);
    assertThat(Recorder.stamp(frame("data: hello\n\n"))).isEqualTo(-1);
  }

  @Test
  void measuresOnlyMessagesStampedFromTheStartOfTheWindow() {
    Recorder r = new Recorder();
    long t = r.now();
    r.arrived(frame("data: " + (t - 1_000) + "\n\n")); // warm-up: counted, not measured
    r.measureFrom(t);
    r.arrived(frame("data: " + (t - 1) + "\n\n"));
    r.arrived(frame("data: " + t + "\n\n"));
    r.arrived(frame("retry: 10\n\n"));
    assertThat(r.arrivals()).isEqualTo(3);
    assertThat(r.measured()).isEqualTo(1);
    assertThat(r.histogram().count()).isEqualTo(1);
    assertThat(r.histogram().maxNanos()).isBetween(0L, r.now() - t);
    assertThat(r.lastMeasuredArrival()).isBetween(t, r.now());
  }
}
