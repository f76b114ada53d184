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
 * A connection and its drain task. At most one drain runs at a time (the claim its queue holds),
 * and every call into the outlet happens inside a drain, so the outlet never sees two threads at
 * once — closing included.
 */
final class ConnectionImpl implements Connection, Runnable, OutboundQueue.Gate {
  private static final AtomicIntegerFieldUpdater<ConnectionImpl> WRITABLE_EPOCH =
      AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "writableEpoch");
  private static final AtomicIntegerFieldUpdater<ConnectionImpl> ANNOUNCED =
      AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "announced");
  private static final AtomicReferenceFieldUpdater<ConnectionImpl, CloseReason> CLOSE_REASON =
      AtomicReferenceFieldUpdater.newUpdater(
          ConnectionImpl.class, CloseReason.class, "closeReason");
  private static final int BATCH = 64;
  private static final int MAX_BATCHES_PER_DRAIN = 16;

  private final DefaultHub hub;
  private final String id;
  private final ConnectionRequest request;
  private final Outlet outlet;
  private final Instant openedAt;
  final long deadlineMillis;
  final OutboundQueue queue;

  /** Incremented each time the outlet reports it became writable. */
  private volatile int writableEpoch;

  /** The writable epoch at which a write last came back short; writable while it differs. */
  private volatile int blockedAt = -1;

  private volatile CloseReason closeReason;

  /** Listener ordering: 0 nothing announced, 1 onOpen announced, 2 close waiting for onOpen. */
  private volatile int announced;

  /** Link in the drain pool's queue; a connection is queued at most once (its drain flag). */
  ConnectionImpl nextDrain;

  private boolean outletClosed;

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
      long nowMillis,
      long deadlineMillis) {
    this.hub = hub;
    this.id = id;
    this.request = request;
    this.outlet = outlet;
    this.openedAt = Instant.ofEpochMilli(nowMillis);
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
    return enqueue(hub.encode(message), null);
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

  /**
   * Queues a frame and schedules a drain. Called on broadcasting threads for every recipient, so it
   * allocates nothing and writes no shared state but this connection's.
   *
   * @param batch where to put the drain if one is needed, or null to hand it to the pool at once
   * @return true if queued
   */
  boolean enqueue(Frame frame, DrainPool.Batch batch) {
    if (closeReason != null) {
      return false;
    }
    int result = queue.offer(frame, this);
    if (result == OutboundQueue.CLOSED) {
      hub.metrics().dropped(DropReason.CLOSED, 1);
      return false;
    }
    if (result == OutboundQueue.OVERFLOW) {
      hub.metrics().dropped(DropReason.SLOW_CONSUMER, 1);
      hub.close(this, dev.realtime.CloseReason.SLOW_CONSUMER);
      return false;
    }
    int discarded = result & ~OutboundQueue.CLAIMED;
    if (discarded > 0) {
      hub.metrics().dropped(DropReason.of(hub.config().slowConsumerPolicy()), discarded);
    }
    // The coarse clock moves once per sweep: skip volatile stores (a fence each) that change
    // nothing, which is nearly every one of them in a burst of broadcasts.
    long now = hub.coarseNow();
    if (lastFrameAt != now) {
      lastFrameAt = now;
    }
    if (frame.message && lastMessageAt != now) {
      lastMessageAt = now;
    }
    if ((result & OutboundQueue.CLAIMED) != 0) {
      if (batch == null) {
        hub.drainPool().execute(this);
      } else {
        batch.add(this);
      }
    }
    return true;
  }

  /** Schedules the close of the outlet; the drain does it so it never races a write. */
  void scheduleClose() {
    schedule();
  }

  private void onWritable() {
    WRITABLE_EPOCH.incrementAndGet(this);
    schedule();
  }

  private void schedule() {
    if (queue.claimDrain()) {
      hub.drainPool().execute(this);
    }
  }

  /** Called by the queue under its monitor: no write came back short since the last callback. */
  @Override
  public boolean writable() {
    return blockedAt != writableEpoch;
  }

  /** Called by the queue under its monitor when a drain ends. */
  @Override
  public boolean anotherTurn(boolean framesLeft) {
    return closeReason != null ? !outletClosed : framesLeft && writable();
  }

  /** A drain turn on a thread outside the pool (after shutdown). */
  @Override
  public void run() {
    hub.metrics().wrote(drainTurn());
  }

  /**
   * The drain: writes queued frames in batches, one gathering write per batch.
   *
   * @return how many times it called the outlet's write
   */
  int drainTurn() {
    int writes = 0;
    try {
      writes = drain();
    } finally {
      // A producer that found the claim held did not schedule: endDrain sees its frame.
      if (queue.endDrain(this)) {
        hub.drainPool().execute(this);
      }
    }
    return writes;
  }

  private int drain() {
    if (closeReason != null) {
      closeOutlet();
      return 0;
    }
    DrainPool.Scratch scratch = DrainPool.scratch(BATCH);
    Frame[] frames = scratch.frames;
    ByteBuffer[] buffers = scratch.buffers;
    // Bounded so one busy connection cannot hold a drain thread: the finally block requeues it
    // behind the others when frames are left.
    int writes = 0;
    for (int batches = 0; batches < MAX_BATCHES_PER_DRAIN && closeReason == null; batches++) {
      int epoch = writableEpoch;
      if (blockedAt == epoch) {
        return writes;
      }
      int n = queue.poll(frames, buffers, BATCH);
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
        hub.close(this, CloseReason.CLIENT_GONE);
        closeOutlet();
        return writes;
      }
      if (taken < n) {
        queue.unpoll(frames, Math.max(taken, 0), n);
        blockedAt = epoch;
      }
      scratch.clear(n);
      if (taken == n && n < BATCH) {
        break; // the poll emptied the queue; endDrain catches frames queued since
      }
    }
    if (closeReason != null) {
      closeOutlet();
    }
    return writes;
  }

  private void closeOutlet() {
    if (outletClosed) {
      return;
    }
    outletClosed = true;
    int lost = queue.clear();
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
