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
 * A connection and its drain task. At most one drain runs at a time (the {@code scheduled} flag is
 * claimed with a CAS), and every call into the outlet happens inside a drain, so the outlet never
 * sees two threads at once — closing included.
 */
final class ConnectionImpl implements Connection, Runnable {
  private static final AtomicIntegerFieldUpdater<ConnectionImpl> SCHEDULED =
      AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "scheduled");
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

  private volatile int scheduled;

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
    return enqueue(hub.encode(message));
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
   * allocates nothing.
   *
   * @return true if queued
   */
  boolean enqueue(Frame frame) {
    if (closeReason != null) {
      return false;
    }
    int discarded = queue.offer(frame);
    if (discarded == OutboundQueue.CLOSED) {
      hub.metrics().dropped(DropReason.CLOSED, 1);
      return false;
    }
    if (discarded == OutboundQueue.OVERFLOW) {
      hub.metrics().dropped(DropReason.SLOW_CONSUMER, 1);
      hub.close(this, dev.realtime.CloseReason.SLOW_CONSUMER);
      return false;
    }
    if (discarded > 0) {
      hub.metrics().dropped(DropReason.of(hub.config().slowConsumerPolicy()), discarded);
    }
    long now = hub.coarseNow();
    lastFrameAt = now;
    if (frame.message) {
      lastMessageAt = now;
    }
    if (blockedAt != writableEpoch) {
      schedule();
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
    if (SCHEDULED.compareAndSet(this, 0, 1)) {
      hub.drainPool().execute(this);
    }
  }

  /** The drain: writes queued frames in batches, one gathering write per batch. */
  @Override
  public void run() {
    try {
      drain();
    } finally {
      scheduled = 0;
      // Re-check after releasing the flag: a producer that saw the flag set did not schedule.
      if (closeReason != null ? !outletClosed : !queue.isEmpty() && blockedAt != writableEpoch) {
        schedule();
      }
    }
  }

  private void drain() {
    if (closeReason != null) {
      closeOutlet();
      return;
    }
    DrainPool.Scratch scratch = DrainPool.scratch(BATCH);
    Frame[] frames = scratch.frames;
    ByteBuffer[] buffers = scratch.buffers;
    // Bounded so one busy connection cannot hold a drain thread: the finally block requeues it
    // behind the others when frames are left.
    for (int batches = 0; batches < MAX_BATCHES_PER_DRAIN && closeReason == null; batches++) {
      int epoch = writableEpoch;
      if (blockedAt == epoch) {
        return;
      }
      int n = queue.poll(frames, buffers, BATCH);
      if (n == 0) {
        return;
      }
      int taken;
      try {
        taken = outlet.write(buffers, 0, n);
      } catch (Exception e) {
        queue.unpoll(frames, 0, n);
        scratch.clear(n);
        hub.close(this, CloseReason.CLIENT_GONE);
        closeOutlet();
        return;
      }
      if (taken < n) {
        queue.unpoll(frames, Math.max(taken, 0), n);
        blockedAt = epoch;
      }
      scratch.clear(n);
    }
    if (closeReason != null) {
      closeOutlet();
    }
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
