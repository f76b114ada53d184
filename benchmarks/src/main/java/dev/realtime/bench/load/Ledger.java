package dev.realtime.bench.load;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which broadcasts were sent and how many connections received each, so the sender can keep a
 * bounded number in flight and the client can tell when a broadcast reached everyone. Sequence
 * numbers index a ring; the sender never has more than {@link #CAPACITY} / 2 outstanding.
 */
final class Ledger {
  static final int CAPACITY = 1 << 14;
  private static final int MASK = CAPACITY - 1;

  private final AtomicLongArray sentAt = new AtomicLongArray(CAPACITY);
  private final AtomicIntegerArray expected = new AtomicIntegerArray(CAPACITY);
  private final AtomicIntegerArray received = new AtomicIntegerArray(CAPACITY);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();

  /** Records broadcast {@code seq}, stamped {@code sentNanos}, expected by {@code recipients}. */
  void sent(long seq, long sentNanos, int recipients) {
    int i = (int) (seq & MASK);
    received.set(i, 0);
    sentAt.set(i, sentNanos);
    expected.set(i, recipients);
    sent.incrementAndGet();
  }

  /**
   * Counts one receipt of broadcast {@code seq}.
   *
   * @return the broadcast's send timestamp when this receipt was the last one expected, else -1
   */
  long received(long seq) {
    int i = (int) (seq & MASK);
    int n = received.incrementAndGet(i);
    if (n == expected.get(i)) {
      completed.incrementAndGet();
      return sentAt.get(i);
    }
    return -1;
  }

  long sent() {
    return sent.get();
  }

  /** Broadcasts every expected connection received. */
  long completed() {
    return completed.get();
  }
}
