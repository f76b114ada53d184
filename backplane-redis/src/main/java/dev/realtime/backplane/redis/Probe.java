package dev.realtime.backplane.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The self-probe's bookkeeping (worker thread only): at most one probe in flight, its deadline, and
 * the time of the last completed round trip. Probes travel as {@code probe:<sequence>} on the
 * node-private channel {@code prefix + "probe:" + nodeId}.
 */
final class Probe {
  private static final String PREFIX = "probe:";

  private final Duration timeout;
  private final Duration deadline;
  private long sequence;
  private long awaited;
  private long awaitedSince;
  private long lastRoundTrip;

  Probe(Duration interval, Duration timeout) {
    this.timeout = timeout;
    this.deadline = interval.plus(timeout);
  }

  static String channel(String prefix, String nodeId) {
    return prefix + PREFIX + nodeId;
  }

  static byte[] payload(long sequence) {
    return (PREFIX + sequence).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * @return the sequence number in a probe payload, or -1 when it is not one
   */
  static long sequence(byte[] payload) {
    String s = new String(payload, StandardCharsets.US_ASCII);
    if (!s.startsWith(PREFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(s.substring(PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Starts a probe; returns its sequence number. */
  long send(long now) {
    awaited = ++sequence;
    awaitedSince = now;
    return awaited;
  }

  boolean inFlight() {
    return awaited != 0;
  }

  /** Subscriptions were just made: the round-trip deadline starts over. */
  void restart(long now) {
    awaited = 0;
    lastRoundTrip = now;
  }

  /** Forgets the probe in flight (a connection dropped; its answer may never come). */
  void cancel() {
    awaited = 0;
  }

  /**
   * Ends the probe in flight if it is this one.
   *
   * @param completedAt when it came back, or 0 when it failed or was not sent
   * @return whether it was the probe in flight (a late answer to an abandoned one is not)
   */
  boolean end(long sequence, long completedAt) {
    if (sequence != awaited || sequence == 0) {
      return false;
    }
    awaited = 0;
    if (completedAt != 0) {
      lastRoundTrip = completedAt;
    }
    return true;
  }

  /**
   * @return why the probe counts as failed at {@code now}, or null while it is within time. Probes
   *     not sent because the request queue was full still count: a queue that never drains is a
   *     stall.
   */
  String overdue(long now) {
    if (awaited != 0 && now - awaitedSince > timeout.toNanos()) {
      return "probe did not return within " + timeout;
    }
    if (awaited == 0 && now - lastRoundTrip > deadline.toNanos()) {
      return "no probe round trip for " + deadline;
    }
    return null;
  }

  /**
   * @return the probe in flight, 0 when none
   */
  long awaited() {
    return awaited;
  }
}
