package dev.realtime.bench.backplane;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node B's end of a round trip: reads the send time stamped into each arriving SSE frame and
 * records arrival minus that time. Stamps are {@link System#nanoTime()} relative to this recorder's
 * origin, so both nodes must live in one JVM (they do: the harness runs hub A and hub B side by
 * side).
 *
 * <p>The stamp is the time the message was <em>meant</em> to be sent, not when the sender got round
 * to it, so a stalled sender shows up as latency instead of hiding (no coordinated omission). Only
 * messages stamped at or after {@link #measureFrom} are measured; earlier ones (readiness checks,
 * warm-up) are only counted as {@link #arrivals()}.
 */
final class Recorder {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

  private final long origin = System.nanoTime();
  private final AtomicLong arrivals = new AtomicLong();
  private final AtomicLong measured = new AtomicLong();
  private volatile long from = Long.MAX_VALUE;
  private volatile long lastMeasured;
  private volatile Histogram histogram = new Histogram();

  /** Now, on this recorder's clock: nanoseconds since it was created. */
  long now() {
    return System.nanoTime() - origin;
  }

  /**
   * Starts a fresh measurement of the messages stamped at or after {@code stamp}.
   *
   * @param stamp a time on this recorder's clock
   */
  void measureFrom(long stamp) {
    histogram = new Histogram();
    measured.set(0);
    from = stamp;
  }

  /**
   * The message data carrying a stamp: the stamp in decimal, a space, then filler up to {@code
   * size} bytes.
   *
   * @param stamp the intended send time on this recorder's clock
   * @param size the data size in bytes (at least the stamp's length)
   */
  static String data(long stamp, int size) {
    String s = Long.toString(stamp);
    if (size <= s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(size).append(s).append(' ');
    while (b.length() < size) {
      b.append('x');
    }
    return b.toString();
  }

  /**
   * Records the frame's stamp, if it carries one (heartbeats and {@code retry:} frames do not).
   *
   * @param frame one whole SSE frame, read with absolute gets only (the buffer is shared)
   */
  void arrived(ByteBuffer frame) {
    long stamp = stamp(frame);
    if (stamp >= 0) {
      arrived(stamp);
    }
  }

  /** Records a message stamped {@code stamp} arriving now. */
  void arrived(long stamp) {
    long latency = now() - stamp;
    arrivals.incrementAndGet();
    if (stamp >= from) {
      histogram.record(latency);
      measured.incrementAndGet();
      lastMeasured = stamp + latency; // arrivals come from one thread at a time
    }
  }

  /** Every stamped message that arrived, measured or not. */
  long arrivals() {
    return arrivals.get();
  }

  /** Messages that arrived since {@link #measureFrom}, stamped at or after its time. */
  long measured() {
    return measured.get();
  }

  /** When the latest measured message arrived, on this recorder's clock. */
  long lastMeasuredArrival() {
    return lastMeasured;
  }

  Histogram histogram() {
    return histogram;
  }

  /** The decimal number right after the first {@code data: }, or -1 when there is none. */
  static long stamp(ByteBuffer frame) {
    int start = indexOf(frame, DATA);
    if (start < 0) {
      return -1;
    }
    long v = 0;
    int digits = 0;
    for (int i = start + DATA.length; i < frame.limit(); i++) {
      byte b = frame.get(i);
      if (b < '0' || b > '9') {
        break;
      }
      v = v * 10 + (b - '0');
      digits++;
    }
    return digits == 0 || digits > 18 ? -1 : v;
  }

  private static int indexOf(ByteBuffer frame, byte[] needle) {
    outer:
    for (int i = frame.position(); i <= frame.limit() - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (frame.get(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
