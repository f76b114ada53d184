package dev.realtime.core;

import dev.realtime.SlowConsumerPolicy;
import java.nio.ByteBuffer;

/**
 * One connection's queue of frames waiting to be written, bounded in bytes. Confined to the
 * connection's loop (only {@link #bytes} is read elsewhere), so it takes no lock. A ring buffer of
 * references: offering a shared frame allocates nothing once the ring has grown to the connection's
 * usual backlog. The fast path of a broadcast does not use it at all: only a connection that is
 * behind queues.
 */
final class OutboundQueue {
  /** Returned by {@link #offer} when the frame does not fit and the policy is DISCONNECT. */
  static final int OVERFLOW = -1;

  /** Returned by {@link #offer} once the queue was cleared by the connection's close. */
  static final int CLOSED = -2;

  private static final int INITIAL_CAPACITY = 4;

  private final int maxBytes;
  private final SlowConsumerPolicy policy;
  private Frame[] ring;
  private int head;
  private int count;

  /** Written on the loop only; volatile so stats can read it from any thread. */
  private volatile long bytes;

  private boolean closed;

  OutboundQueue(int maxBytes, SlowConsumerPolicy policy) {
    this.maxBytes = maxBytes;
    this.policy = policy;
    // Allocated with the connection, so it sits next to it in memory: a broadcast to a large room
    // touches fewer cache lines per recipient.
    this.ring = new Frame[INITIAL_CAPACITY];
  }

  /**
   * Queues a frame, applying the slow-consumer policy when the byte budget would be exceeded.
   *
   * @return how many queued frames were discarded to make room (0 normally), {@link #OVERFLOW} when
   *     the frame was refused (policy DISCONNECT), or {@link #CLOSED} after {@link #clear}
   */
  int offer(Frame frame) {
    if (closed) {
      return CLOSED; // never retain a frame nobody will write
    }
    return enqueue(frame);
  }

  private int enqueue(Frame frame) {
    int discarded = 0;
    if (policy == SlowConsumerPolicy.LATEST_PER_KEY && frame.key != null && replace(frame)) {
      return 1;
    }
    while (bytes + frame.size > maxBytes) {
      if (policy == SlowConsumerPolicy.DISCONNECT || count == 0) {
        return OVERFLOW;
      }
      removeHead();
      discarded++;
    }
    if (ring == null) {
      ring = new Frame[INITIAL_CAPACITY];
    } else if (count == ring.length) {
      grow();
    }
    ring[(head + count) % ring.length] = frame;
    count++;
    bytes += frame.size;
    return discarded;
  }

  /**
   * Moves up to {@code max} frames from the head into the arrays, for one gathering write.
   *
   * @return the number of frames moved
   */
  int poll(Frame[] frames, ByteBuffer[] buffers, int max) {
    int n = Math.min(max, count);
    for (int i = 0; i < n; i++) {
      Frame f = ring[head];
      frames[i] = f;
      buffers[i] = f.buffer;
      removeHead();
    }
    return n;
  }

  /** Puts back frames a write did not take, ahead of anything queued meanwhile. */
  void unpoll(Frame[] frames, int from, int to) {
    int back = to - from;
    if (ring == null) {
      ring = new Frame[Math.max(INITIAL_CAPACITY, back)];
    }
    while (count + back > ring.length) {
      grow();
    }
    for (int i = to - 1; i >= from; i--) {
      head = (head - 1 + ring.length) % ring.length;
      ring[head] = frames[i];
      count++;
      bytes += frames[i].size;
    }
  }

  /** Empties the queue for good (the connection closed), returning how many frames it held. */
  int clear() {
    closed = true;
    int n = count;
    while (count > 0) {
      removeHead();
    }
    ring = null;
    return n;
  }

  boolean isEmpty() {
    return count == 0;
  }

  long bytes() {
    return bytes;
  }

  /**
   * Replaces the newest queued frame of the key: an older one may sit ahead of it (queued when the
   * replacement did not fit), and putting the new value there would leave the key on an old one.
   */
  private boolean replace(Frame frame) {
    for (int i = count - 1; i >= 0; i--) {
      int idx = (head + i) % ring.length;
      Frame queued = ring[idx];
      if (frame.key.equals(queued.key)) {
        if (bytes - queued.size + frame.size > maxBytes) {
          return false; // the newest of the key stays: make room and append after it
        }
        ring[idx] = frame;
        bytes += frame.size - queued.size;
        return true;
      }
    }
    return false;
  }

  private void removeHead() {
    Frame f = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    count--;
    bytes -= f.size;
  }

  private void grow() {
    Frame[] bigger = new Frame[ring.length * 2];
    for (int i = 0; i < count; i++) {
      bigger[i] = ring[(head + i) % ring.length];
    }
    ring = bigger;
    head = 0;
  }
}
