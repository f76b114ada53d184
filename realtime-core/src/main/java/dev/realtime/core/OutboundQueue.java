package dev.realtime.core;

import dev.realtime.SlowConsumerPolicy;
import java.nio.ByteBuffer;

/**
 * One connection's queue of frames waiting to be written, bounded in bytes. Producers (broadcasting
 * threads) and the single drainer synchronize on the queue; the lock is held only for array
 * operations, never across a write to the client. A ring buffer of references, so offering a shared
 * frame allocates nothing once the ring has grown to the connection's usual backlog.
 *
 * <p>The queue also holds the connection's drain claim: at most one drain is scheduled or running
 * at a time. Claiming it inside {@link #offer} and releasing it in {@link #endDrain}, under the
 * same monitor as the frames, makes "frames left but nobody will drain them" impossible without a
 * separate atomic flag, so a recipient of a broadcast costs one lock and no extra fence.
 */
final class OutboundQueue {
  /** What the queue asks of its connection while it holds the monitor. */
  interface Gate {
    /** Whether the outlet may take frames now (no write came back short since it last said so). */
    boolean writable();

    /** Whether the drain that just ended must run again, given whether frames are left. */
    boolean anotherTurn(boolean framesLeft);
  }

  /** Or'ed into {@link #offer}'s result when the caller claimed the drain and must schedule it. */
  static final int CLAIMED = 1 << 30;

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
  private long bytes;
  private boolean closed;
  private boolean drainClaimed;

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
   * @return how many queued frames were discarded to make room (0 normally), or {@link #OVERFLOW}
   *     when the frame was refused (policy DISCONNECT)
   */
  synchronized int offer(Frame frame) {
    return offer(frame, null);
  }

  /**
   * Like {@link #offer(Frame)}, and when the frame was queued, claims the drain for the caller if
   * nobody holds it and the gate says the outlet is writable: the result then has {@link #CLAIMED}
   * set and the caller must schedule the drain.
   */
  synchronized int offer(Frame frame, Gate gate) {
    if (closed) {
      return CLOSED; // raced with the close: never retain a frame nobody will write
    }
    int queued = enqueue(frame);
    if (queued >= 0 && gate != null && !drainClaimed && gate.writable()) {
      drainClaimed = true;
      return queued | CLAIMED;
    }
    return queued;
  }

  /** Claims the drain for a caller that does not offer a frame (writability, close). */
  synchronized boolean claimDrain() {
    if (drainClaimed) {
      return false;
    }
    drainClaimed = true;
    return true;
  }

  /**
   * Ends a drain turn: keeps the claim when the gate wants another turn (the caller schedules it),
   * otherwise releases it. Checked under the monitor, so a frame offered meanwhile either saw the
   * claim held (and this sees the frame) or claimed the drain itself.
   *
   * @return true if the caller must schedule the drain again
   */
  synchronized boolean endDrain(Gate gate) {
    if (gate.anotherTurn(count > 0)) {
      return true;
    }
    drainClaimed = false;
    return false;
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
  synchronized int poll(Frame[] frames, ByteBuffer[] buffers, int max) {
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
  synchronized void unpoll(Frame[] frames, int from, int to) {
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
  synchronized int clear() {
    closed = true;
    int n = count;
    while (count > 0) {
      removeHead();
    }
    ring = null;
    return n;
  }

  synchronized boolean isEmpty() {
    return count == 0;
  }

  synchronized long bytes() {
    return bytes;
  }

  private boolean replace(Frame frame) {
    for (int i = 0; i < count; i++) {
      int idx = (head + i) % ring.length;
      Frame queued = ring[idx];
      if (frame.key.equals(queued.key) && bytes - queued.size + frame.size <= maxBytes) {
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
