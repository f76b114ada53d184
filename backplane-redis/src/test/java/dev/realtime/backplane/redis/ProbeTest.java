package dev.realtime.backplane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeTest {
  private static final long MS = 1_000_000;
  private final Probe probe = new Probe(Duration.ofMillis(300), Duration.ofMillis(500));

  @Test
  void payloadRoundTrips() {
    assertThat(Probe.sequence(Probe.payload(7))).isEqualTo(7);
    assertThat(Probe.sequence("hello".getBytes())).isEqualTo(-1);
    assertThat(Probe.channel("rt:", "n1")).isEqualTo("rt:probe:n1");
  }

  @Test
  void probeInFlightFailsAfterTheTimeout() {
    probe.restart(0);
    long seq = probe.send(100 * MS);
    assertThat(probe.overdue(500 * MS)).isNull();
    assertThat(probe.overdue(601 * MS)).isEqualTo("probe did not return within PT0.5S");
    assertThat(probe.end(seq, 650 * MS)).isTrue();
    assertThat(probe.overdue(700 * MS)).isNull();
  }

  @Test
  void lateAnswersAndOtherSequencesDoNotCount() {
    probe.restart(0);
    long first = probe.send(0);
    probe.cancel();
    assertThat(probe.end(first, 10 * MS)).isFalse();
    long second = probe.send(20 * MS);
    assertThat(probe.end(first, 30 * MS)).isFalse();
    assertThat(probe.inFlight()).isTrue();
    assertThat(probe.end(second, 40 * MS)).isTrue();
    assertThat(probe.inFlight()).isFalse();
  }

  @Test
  void skippedProbesStillFaceTheRoundTripDeadline() {
    probe.restart(0);
    long seq = probe.send(10 * MS);
    probe.end(seq, 0); // not sent: the request queue was full
    assertThat(probe.overdue(700 * MS)).isNull();
    assertThat(probe.overdue(801 * MS)).isEqualTo("no probe round trip for PT0.8S");
  }
}
