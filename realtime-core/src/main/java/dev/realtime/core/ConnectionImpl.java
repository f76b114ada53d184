package dev.realtime.core;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Message;
import dev.realtime.spi.Outlet;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A connection. It belongs to one {@link Loops.Loop}: its queue, its outlet and the close of that
 * outlet are touched only on that loop's thread, so the outlet never sees two threads at once and
 * frames keep the order in which they were handed to the loop.
 */
final class ConnectionImpl implements Connection {
  private static final AtomicIntegerFieldUpdater<ConnectionImpl> WRITABLE_EPOCH =
      AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "writableEpoch");
  private static final AtomicIntegerFieldUpdater<ConnectionImpl> ANNOUNCED =
      AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "announced");
  private static final AtomicReferenceFieldUpdater<ConnectionImpl, CloseReason> CLOSE_REASON =
      AtomicReferenceFieldUpdater.newUpdater(
          ConnectionImpl.class, CloseReason.class, "closeReason");
  private static final AtomicIntegerFieldUpdater<ConnectionImpl> DRAIN_REQUESTED =
      AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "drainRequested");
  private static final int MAX_BATCHES_PER_DRAIN = 16;

  private final DefaultHub hub;
  private final String id;
  private final ConnectionRequest request;
  private final Outlet outlet;
  private final Instant openedAt;
  private final Loops.Loop loop;
  final long deadlineMillis;
  final OutboundQueue queue;

  /** Incremented each time the outlet reports it became writable. */
  private volatile int writableEpoch;

  /** The writable epoch at which a write last came back short; writable while it differs. */
  private volatile int blockedAt = -1;

  private volatile CloseReason closeReason;

  /** Listener ordering: 0 nothing announced, 1 onOpen announced, 2 close waiting for onOpen. */
  private volatile int announced;

  /** 1 while a drain request is queued on the loop (so it is queued at most once). */
  private volatile int drainRequested;

  /** Link in the loop's drain list; a connection is in it at most once (its drain request). */
  ConnectionImpl nextDrain;

  /** Loop-confined. */
  private boolean outletClosed;

  /**
   * Loop-confined mirror of "the queue holds frames", so the fast path of a broadcast reads this
   * object only, not the queue's (one cache line fewer per recipient in rooms too large to cache).
   */
  private boolean backlog;

  /** Rooms joined; guarded by {@code this}; null until the first join. */
  private Set<String> rooms;

  /** Coarse times (the hub's sweep clock) of the last message and the last frame of any kind. */
  volatile long lastMessageAt;

  volatile long lastFrameAt;

  ConnectionImpl(
      DefaultHub hub,
      String id,
      ConnectionRequest request,
      Outlet outlet,
      Loops.Loop loop,
      long nowMillis,
      long deadlineMillis) {
    this.hub = hub;
    this.id = id;
    this.request = request;
    this.outlet = outlet;
    this.openedAt = Instant.ofEpochMilli(nowMillis);
    this.loop = loop;
    this.deadlineMillis = deadlineMillis;
    this.queue =
        new OutboundQueue(
            hub.config().maxQueuedBytesPerConnection(), hub.config().slowConsumerPolicy());
    this.lastMessageAt = nowMillis;
    this.lastFrameAt = nowMillis;
  }

  /** Registers the writability callback; must run before the first drain. */
  void attach() {
    outlet.onWritable(this::onWritable);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String resource() {
    return request.resource();
  }

  @Override
  public Optional<String> principal() {
    return request.principal();
  }

  @Override
  public Map<String, String> attributes() {
    return request.attributes();
  }

  @Override
  public synchronized Set<String> rooms() {
    return rooms == null ? Set.of() : Set.copyOf(rooms);
  }

  @Override
  public Instant openedAt() {
    return openedAt;
  }

  @Override
  public Optional<String> lastEventId() {
    return request.lastEventId();
  }

  @Override
  public boolean isOpen() {
    return closeReason == null;
  }

  @Override
  public long queuedBytes() {
    return queue.bytes();
  }

  @Override
  public boolean send(Message message) {
    return offer(hub.encode(message));
  }

  @Override
  public void close(CloseReason reason) {
    hub.close(this, reason);
  }

  @Override
  public String toString() {
    return "Connection[" + id + ", resource=" + LogSafe.escape(request.resource()) + "]";
  }

  /** Claims the close; true for exactly one caller. */
  boolean markClosed(CloseReason reason) {
    return CLOSE_REASON.compareAndSet(this, null, reason);
  }

  CloseReason closeReason() {
    return closeReason;
  }

  /** After onOpen ran; false when a close came first and is now owed to the listener. */
  boolean announceOpen() {
    return ANNOUNCED.compareAndSet(this, 0, 1);
  }

  /** Whether onClose may be reported now; false defers it until onOpen has been reported. */
  boolean announceClose() {
    return !ANNOUNCED.compareAndSet(this, 0, 2);
  }

  // ---- rooms bookkeeping (guarded by this; called by Rooms) ----

  /**
   * @return false if already a member; throws when the room limit is reached
   */
  boolean addRoom(String room, int limit) {
    if (rooms == null) {
      rooms = new LinkedHashSet<>(4);
    }
    if (rooms.contains(room)) {
      return false;
    }
    if (rooms.size() >= limit) {
      throw new IllegalArgumentException(
          "maxRoomsPerConnection reached: connection "
              + id
              + " is already in "
              + rooms.size()
              + " rooms (limit "
              + limit
              + ")");
    }
    return rooms.add(room);
  }

  boolean removeRoom(String room) {
    return rooms != null && rooms.remove(room);
  }

  String[] roomArray() {
    return rooms == null ? new String[0] : rooms.toArray(new String[0]);
  }

  // ---- outbound path ----

  Loops.Loop loop() {
    return loop;
  }

  /**
   * Hands a frame for this connection alone to its loop (a direct send, the retry hint).
   *
   * @return false when the connection is closed
   */
  boolean offer(Frame frame) {
    if (closeReason != null) {
      return false;
    }
    loop.submit(new Loops.Task(frame, this));
    return true;
  }

  /** Schedules the close of the outlet; the loop does it so it never races a write. */
  void scheduleClose() {
    requestDrain();
  }

  private void onWritable() {
    WRITABLE_EPOCH.incrementAndGet(this);
    requestDrain();
  }

  private void requestDrain() {
    if (DRAIN_REQUESTED.compareAndSet(this, 0, 1)) {
      loop.drain(this);
    }
  }

  /** No write came back short since the outlet last said it was writable. */
  private boolean writable() {
    return blockedAt != writableEpoch;
  }

  /**
   * Delivers frames on this connection's loop: straight to the outlet when nothing is queued ahead
   * of them and it is writable, else into the queue under the slow-consumer policy. Runs for every
   * recipient of a broadcast, so on the fast path it stores no reference anywhere.
   *
   * @return how many times it called the outlet's write
   */
  int deliver(Frame[] frames, ByteBuffer[] buffers, Loops.Scratch scratch) {
    int n = frames.length;
    if (closeReason != null) {
      // Handed over before the close took it out of its rooms: counted, never silent.
      hub.metrics().dropped(DropReason.CLOSED, n);
      closeOutlet();
      return 0;
    }
    touch(frames);
    int epoch = writableEpoch;
    if (backlog || blockedAt == epoch) {
      return hold(frames, 0) && writable() ? drain(scratch) : 0;
    }
    int taken;
    try {
      taken = outlet.write(buffers, 0, n);
    } catch (Exception e) {
      hub.metrics().dropped(DropReason.CLOSED, n);
      gone();
      return 1;
    }
    if (taken < n) {
      blockedAt = epoch;
      hold(frames, Math.max(taken, 0));
    }
    return 1;
  }

  /**
   * Queues {@code frames[from..]} under the slow-consumer policy.
   *
   * @return false when the policy closed the connection instead; every frame not queued is counted
   */
  private boolean hold(Frame[] frames, int from) {
    for (int i = from; i < frames.length; i++) {
      int result = queue.offer(frames[i]);
      backlog = !queue.isEmpty();
      if (result == OutboundQueue.OVERFLOW || result == OutboundQueue.CLOSED) {
        if (result == OutboundQueue.OVERFLOW) {
          hub.metrics().dropped(DropReason.SLOW_CONSUMER, 1);
          hub.close(this, CloseReason.SLOW_CONSUMER);
          i++;
        }
        // The frames behind it go nowhere either: counted, never silent.
        hub.metrics().dropped(DropReason.CLOSED, frames.length - i);
        closeOutlet();
        return false;
      }
      if (result > 0) {
        hub.metrics().dropped(DropReason.of(hub.config().slowConsumerPolicy()), result);
      }
    }
    return true;
  }

  private void touch(Frame[] frames) {
    // The coarse clock moves once per sweep: skip volatile stores (a fence each) that change
    // nothing, which is nearly every one of them in a burst of broadcasts.
    long now = hub.coarseNow();
    if (lastFrameAt != now) {
      lastFrameAt = now;
    }
    if (lastMessageAt != now) {
      for (Frame f : frames) {
        if (f.message) {
          lastMessageAt = now;
          break;
        }
      }
    }
  }

  /**
   * A drain the loop runs on request: closes the outlet once the connection closed, else writes
   * what is queued.
   *
   * @return how many times it called the outlet's write
   */
  int drainTurn(Loops.Scratch scratch) {
    drainRequested = 0; // a request arriving from now on queues another turn
    if (closeReason != null) {
      closeOutlet();
      return 0;
    }
    return drain(scratch);
  }

  /** Writes queued frames in gathering writes, as long as the outlet takes them. */
  private int drain(Loops.Scratch scratch) {
    Frame[] frames = scratch.frames;
    ByteBuffer[] buffers = scratch.buffers;
    // Bounded so one busy connection cannot hold its loop: it asks for another turn behind the
    // others when frames are left.
    int writes = 0;
    for (int batches = 0; batches < MAX_BATCHES_PER_DRAIN; batches++) {
      if (closeReason != null) {
        closeOutlet();
        return writes;
      }
      int epoch = writableEpoch;
      if (blockedAt == epoch) {
        return writes;
      }
      int n = queue.poll(frames, buffers, Loops.GATHER);
      if (n == 0) {
        return writes;
      }
      int taken;
      writes++;
      try {
        taken = outlet.write(buffers, 0, n);
      } catch (Exception e) {
        queue.unpoll(frames, 0, n);
        scratch.clear(n);
        backlog = true;
        gone();
        return writes;
      }
      if (taken < n) {
        queue.unpoll(frames, Math.max(taken, 0), n);
        blockedAt = epoch;
      }
      scratch.clear(n);
      backlog = !queue.isEmpty();
      if (taken < n || !backlog) {
        return writes;
      }
    }
    if (backlog) {
      requestDrain();
    }
    return writes;
  }

  /** The client went away: close, and the outlet with it (we are on the loop). */
  private void gone() {
    hub.close(this, CloseReason.CLIENT_GONE);
    closeOutlet();
  }

  private void closeOutlet() {
    if (outletClosed) {
      return;
    }
    outletClosed = true;
    int lost = queue.clear();
    backlog = false;
    if (lost > 0) {
      hub.metrics().dropped(DropReason.CLOSED, lost);
    }
    try {
      outlet.close();
    } catch (RuntimeException e) {
      hub.logOutletFailure(this, e);
    }
  }
}
