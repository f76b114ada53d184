package dev.realtime.core;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The threads that write to clients. Every connection belongs to one loop for its whole life, and
 * everything that touches its outbound queue or its outlet runs on that loop: so the queue needs no
 * lock, the outlet never sees two threads, and frames reach a connection in the order they were
 * handed to its loop.
 *
 * <p>A broadcast does not visit its recipients: it hands the shared frame to each loop once, with
 * that loop's share of the members (an array the room caches, split by loop), and returns. The loop
 * writes the frame straight to every idle member's outlet; only a member that is behind keeps it in
 * its queue. The frame is thus stored in no per-connection structure on the fast path, which would
 * otherwise dirty one GC card per recipient (G1's post-write barrier, the cost that bounded the
 * previous design). Broadcasts to the same member array that are waiting together are delivered in
 * one gathering write per member.
 */
final class Loops {
  /** Frames at most in one gathering write. */
  static final int GATHER = 64;

  /**
   * Waiting tasks, newest first, a loop over its backlog looks through for a frame of the same key
   * to replace (LATEST_PER_KEY) before it sheds: bounded, since it runs under the loop's lock.
   */
  static final int REPLACE_SCAN = 256;

  /** A loop's backlog budget, in multiples of one connection's queue budget. */
  static final int BACKLOG_CONNECTIONS = 16;

  /** Members a loop delivers to between two looks for broadcasts that could join them. */
  static final int CHECK = 128;

  private final Loop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param writes told how many outlet writes a loop made, once per group of deliveries
   * @param backlogBytes one connection's queue budget: a loop may hold {@link #BACKLOG_CONNECTIONS}
   *     times as many bytes of waiting frames before it sheds the oldest
   * @param latestPerKey whether a loop over its backlog first replaces a waiting frame of the same
   *     coalescing key and recipients in place (the LATEST_PER_KEY policy), before shedding
   * @param shed told, outside any lock, of the tasks a loop shed
   */
  Loops(
      int threadCount,
      String nodeId,
      LongConsumer writes,
      long backlogBytes,
      boolean latestPerKey,
      Consumer<List<Task>> shed) {
    loops = new Loop[threadCount];
    for (int i = 0; i < threadCount; i++) {
      loops[i] =
          new Loop(
              i,
              "realtime-drain-" + nodeId + "-" + (i + 1),
              writes,
              backlogBytes,
              latestPerKey,
              shed);
    }
    for (Loop l : loops) {
      l.start();
    }
  }

  /** The loop for a new connection, round robin. */
  Loop assign() {
    return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
  }

  int size() {
    return loops.length;
  }

  /**
   * Splits members by loop, keeping their order within each loop.
   *
   * @return one array per loop (empty ones shared)
   */
  ConnectionImpl[][] partition(ConnectionImpl[] members) {
    ConnectionImpl[][] parts = new ConnectionImpl[loops.length][];
    if (loops.length == 1) {
      parts[0] = members;
      return parts;
    }
    int[] counts = new int[loops.length];
    for (ConnectionImpl c : members) {
      counts[c.loop().index]++;
    }
    for (int i = 0; i < parts.length; i++) {
      parts[i] = counts[i] == 0 ? Rooms.NONE : new ConnectionImpl[counts[i]];
      counts[i] = 0;
    }
    for (ConnectionImpl c : members) {
      int i = c.loop().index;
      parts[i][counts[i]++] = c;
    }
    return parts;
  }

  /** Like {@link #partition(ConnectionImpl[])} for a collection. */
  ConnectionImpl[][] partition(Collection<ConnectionImpl> members) {
    return partition(members.toArray(Rooms.NONE));
  }

  /**
   * Hands a frame to the loops of these members.
   *
   * @return how many members it was handed to
   */
  int fanOut(ConnectionImpl[][] parts, Frame frame) {
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      ConnectionImpl[] members = parts[i];
      if (members.length > 0) {
        loops[i].submit(new Task(frame, members, 0, members.length));
        n += members.length;
      }
    }
    return n;
  }

  /** Runs what is queued (outlet closes included), then stops the threads. */
  boolean shutdown(long timeoutMillis) throws InterruptedException {
    for (Loop l : loops) {
      l.stopWhenIdle();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    boolean all = true;
    for (Loop l : loops) {
      if (l == Thread.currentThread()) {
        continue; // closed from one of our own loops (a listener): it stops once it returns
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      l.join(Math.max(1, left));
      all &= !l.isAlive();
    }
    return all;
  }

  /**
   * A frame for members {@code [from, to)} of a member array of one loop, or for one connection.
   */
  static final class Task {
    /** Replaced in place (under the loop's lock, while waiting) by a newer frame of its key. */
    Frame frame;

    final ConnectionImpl[] members;
    final int from;
    final int to;
    final ConnectionImpl single;

    Task(Frame frame, ConnectionImpl[] members, int from, int to) {
      this.frame = frame;
      this.members = members;
      this.from = from;
      this.to = to;
      this.single = null;
    }

    Task(Frame frame, ConnectionImpl single) {
      this.frame = frame;
      this.members = null;
      this.from = 0;
      this.to = 1;
      this.single = single;
    }

    /** Whether the next task can join this one's gathering write: the same recipients. */
    boolean sameRecipients(Task next) {
      return members != null
          ? next.members == members && next.from == from && next.to == to
          : next.single == single;
    }

    /** Whether a task for all of {@code members} can join this one from some member on. */
    boolean joinable(ConnectionImpl[] array) {
      return members == array && from == 0 && to == array.length;
    }
  }

  /** Arrays a loop fills for one gathering write from a connection's queue. */
  static final class Scratch {
    final Frame[] frames = new Frame[GATHER];
    final ByteBuffer[] buffers = new ByteBuffer[GATHER];

    /** Drops references so the loop does not keep frames alive. */
    void clear(int n) {
      Arrays.fill(frames, 0, n, null);
      Arrays.fill(buffers, 0, n, null);
    }
  }

  /**
   * One writing thread with its queue of tasks and of connections that asked for a drain (writable
   * again, closing, queue to write). Once stopped, whatever is handed to it runs on the caller, one
   * caller at a time, so a late close still reaches its outlet.
   */
  static final class Loop extends Thread {
    final int index;
    private final LongConsumer writes;
    private final long backlogBytes;
    private final boolean latestPerKey;
    private final Consumer<List<Task>> shed;
    private final Object lock = new Object();
    private final Object inline = new Object();
    private final Scratch scratch = new Scratch();
    private final Frame[] gathered = new Frame[GATHER];
    private ArrayDeque<Task> tasks = new ArrayDeque<>();

    /** {@code tasks.size()}, written under the lock, read without it by the loop. */
    private volatile int pending;

    /** Bytes of the frames in {@code tasks} (each counted once, however many members); lock. */
    private long pendingBytes;

    private ArrayDeque<Task> spare = new ArrayDeque<>();
    private ConnectionImpl drainHead;
    private ConnectionImpl drainTail;
    private boolean waiting;
    private boolean stopping;
    private boolean stopped;

    private Loop(
        int index,
        String name,
        LongConsumer writes,
        long backlogBytes,
        boolean latestPerKey,
        Consumer<List<Task>> shed) {
      super(name);
      this.index = index;
      this.writes = writes;
      this.backlogBytes = backlogBytes * BACKLOG_CONNECTIONS;
      this.latestPerKey = latestPerKey;
      this.shed = shed;
      setDaemon(true);
    }

    /**
     * Queues a task. A loop that cannot keep up (more bytes of frames waiting for it than {@link
     * #BACKLOG_CONNECTIONS} connections' queues may hold: a node hopelessly behind, not a pause or
     * a burst) sheds its oldest waiting tasks, and the caller is told of them so that each member
     * is treated as a slow consumer would be.
     */
    void submit(Task t) {
      List<Task> dropped = null;
      boolean queued;
      synchronized (lock) {
        queued = !stopped;
        if (queued) {
          Task replaced =
              pendingBytes + t.frame.size > backlogBytes && latestPerKey && t.frame.key != null
                  ? replaceInPlace(t)
                  : null;
          if (replaced != null) {
            dropped = new ArrayList<>(List.of(replaced));
          } else {
            tasks.add(t);
            pendingBytes += t.frame.size;
          }
          // A replacement may grow the backlog by one frame's difference in size; the next task
          // added brings it back under the budget. It never sheds another key's frame.
          while (replaced == null && pendingBytes > backlogBytes && tasks.size() > 1) {
            Task oldest = tasks.poll();
            pendingBytes -= oldest.frame.size;
            if (dropped == null) {
              dropped = new ArrayList<>();
            }
            dropped.add(oldest);
          }
          pending = tasks.size();
          if (waiting) {
            lock.notify();
          }
        }
      }
      if (dropped != null) {
        shed.accept(dropped);
      }
      if (queued) {
        return;
      }
      synchronized (inline) {
        ArrayDeque<Task> one = new ArrayDeque<>(1);
        one.add(t);
        report(runTasks(one));
      }
    }

    /**
     * Puts {@code t}'s frame in the place of the newest waiting frame with the same key and the
     * same recipients, as a connection's queue does under LATEST_PER_KEY. The newest, because older
     * frames of the key may still wait ahead of it: replacing one of those would deliver the new
     * value before them, and the key would end on an old value. Under the lock.
     *
     * @return the task whose frame was replaced, or null when none matched
     */
    private Task replaceInPlace(Task t) {
      int looked = 0;
      for (Iterator<Task> it = tasks.descendingIterator();
          it.hasNext() && looked < REPLACE_SCAN;
          looked++) {
        Task waiting = it.next();
        if (t.frame.key.equals(waiting.frame.key)) {
          if (!waiting.sameRecipients(t)) {
            // The same key by another route (a direct send, another room) may reach the same
            // connection: putting the new value ahead of it could leave the key on that one.
            return null;
          }
          pendingBytes += t.frame.size - waiting.frame.size;
          waiting.frame = t.frame;
          return waiting;
        }
      }
      return null;
    }

    /** Queues a drain of {@code c}; the caller holds the connection's drain request. */
    void drain(ConnectionImpl c) {
      synchronized (lock) {
        if (!stopped) {
          if (drainTail == null) {
            drainHead = c;
          } else {
            drainTail.nextDrain = c;
          }
          drainTail = c;
          if (waiting) {
            lock.notify();
          }
          return;
        }
      }
      synchronized (inline) {
        report(runDrains(c));
      }
    }

    private void stopWhenIdle() {
      synchronized (lock) {
        stopping = true;
        lock.notify();
      }
    }

    @Override
    public void run() {
      while (true) {
        ArrayDeque<Task> batch;
        ConnectionImpl drains;
        synchronized (lock) {
          while (tasks.isEmpty() && drainHead == null) {
            if (stopping) {
              stopped = true;
              return;
            }
            waiting = true;
            try {
              lock.wait();
            } catch (InterruptedException e) {
              // Nobody but shutdown stops a loop, and it does so through stopping.
            } finally {
              waiting = false;
            }
          }
          batch = tasks;
          tasks = spare;
          pending = 0;
          pendingBytes = 0;
          drains = drainHead;
          drainHead = null;
          drainTail = null;
        }
        try {
          report(runTasks(batch));
        } catch (RuntimeException | Error e) {
          // Delivery to one connection never throws (caught per connection); this is the loop's
          // own failure (out of memory, a bug). Keep serving: a dead loop strands its connections.
          logFailure(null, e);
          if (!batch.isEmpty()) {
            shed.accept(new ArrayList<>(batch)); // counted (and closed under DISCONNECT)
            batch.clear();
          }
        }
        report(runDrains(drains)); // catches per connection, so every request is served
        spare = batch;
      }
    }

    private void report(long wrote) {
      if (wrote > 0) {
        writes.accept(wrote);
      }
    }

    /** Delivers and empties the tasks, gathering runs of tasks for the same recipients. */
    private long runTasks(ArrayDeque<Task> batch) {
      long wrote = 0;
      Task t = batch.poll();
      while (t != null) {
        int n = 0;
        gathered[n++] = t.frame;
        for (Task next = batch.peek();
            next != null && n < GATHER && t.sameRecipients(next);
            next = batch.peek()) {
          gathered[n++] = batch.poll().frame;
        }
        // Young arrays per group, so the per-recipient loop below stores nothing anywhere.
        Frame[] frames = Arrays.copyOf(gathered, n);
        Arrays.fill(gathered, 0, n, null);
        if (t.members != null) {
          wrote += fanOut(t, frames, batch);
        } else {
          wrote += deliver(t.single, frames, buffers(frames));
        }
        t = batch.poll();
      }
      return wrote;
    }

    /**
     * Delivers frames to a task's members. Every {@link #CHECK} members, when nothing else is
     * waiting in this batch, it looks for broadcasts to the same members that arrived since: those
     * join the frames from the current member on (one gathering write each instead of two), and the
     * members already done get them next, ahead of anything later. Each member still receives every
     * frame once and in order.
     */
    private long fanOut(Task t, Frame[] frames, ArrayDeque<Task> batch) {
      ConnectionImpl[] members = t.members;
      ByteBuffer[] buffers = buffers(frames);
      // Only a broadcast to all of them, with nothing queued before what would join it, may be
      // joined: tasks it queues for the members already done stay the only ones in the batch.
      boolean mayJoin = t.joinable(members) && batch.isEmpty();
      long wrote = 0;
      int i = t.from;
      while (i < t.to) {
        int end = Math.min(t.to, i + CHECK);
        for (; i < end; i++) {
          wrote += deliver(members[i], frames, buffers);
        }
        if (mayJoin && i < t.to && frames.length < GATHER && pending > 0) {
          Frame[] joined = joinLate(t, frames, i, batch);
          if (joined == frames) {
            // The head of the queue is for other members: it stays there (or is shed) for the rest
            // of this fan-out, so stop looking.
            mayJoin = false;
          } else {
            frames = joined;
            buffers = buffers(frames);
          }
        }
      }
      return wrote;
    }

    /**
     * Takes the broadcasts to all of {@code t}'s members waiting at the head of the queue, adds
     * their frames to {@code frames}, and queues them for the members before {@code done}.
     */
    private Frame[] joinLate(Task t, Frame[] frames, int done, ArrayDeque<Task> batch) {
      Frame[] joined = frames;
      synchronized (lock) {
        Task late = tasks.peek();
        while (late != null && joined.length < GATHER && late.joinable(t.members)) {
          tasks.poll();
          pendingBytes -= late.frame.size;
          joined = Arrays.copyOf(joined, joined.length + 1);
          joined[joined.length - 1] = late.frame;
          batch.add(new Task(late.frame, t.members, 0, done));
          late = tasks.peek();
        }
        pending = tasks.size();
      }
      return joined;
    }

    private static ByteBuffer[] buffers(Frame[] frames) {
      ByteBuffer[] buffers = new ByteBuffer[frames.length];
      for (int i = 0; i < frames.length; i++) {
        buffers[i] = frames[i].buffer;
      }
      return buffers;
    }

    private long deliver(ConnectionImpl c, Frame[] frames, ByteBuffer[] buffers) {
      try {
        return c.deliver(frames, buffers, scratch);
      } catch (RuntimeException | Error e) {
        logFailure(c, e);
        return 0;
      }
    }

    private long runDrains(ConnectionImpl first) {
      long wrote = 0;
      ConnectionImpl c = first;
      while (c != null) {
        ConnectionImpl next = c.nextDrain;
        c.nextDrain = null;
        try {
          wrote += c.drainTurn(scratch);
        } catch (RuntimeException | Error e) {
          logFailure(c, e);
        }
        c = next;
      }
      return wrote;
    }

    private static void logFailure(ConnectionImpl c, Throwable e) {
      // Delivery never throws by design; if it does, keep the loop alive for the others.
      System.getLogger(Loops.class.getName())
          .log(
              System.Logger.Level.ERROR,
              c == null ? "Write loop failed; continuing" : "Delivery to " + c + " failed",
              e);
    }
  }
}
