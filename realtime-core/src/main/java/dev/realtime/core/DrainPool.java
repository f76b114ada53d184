package dev.realtime.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The threads that write queued frames to clients. The work queue is an intrusive linked list
 * threaded through the connections themselves: a connection is queued at most once (its drain
 * flag), so scheduling a drain allocates nothing and the queue can never fill, however many closed
 * connections are still waiting for their final drain.
 *
 * <p>A broadcast to a large room schedules thousands of drains at once, so the lock is taken per
 * group, not per connection: the broadcasting thread links the connections it schedules into a
 * {@link Batch} and splices it into the queue in one step, and a worker takes up to {@link #TAKE}
 * connections per visit. Waking a thread costs microseconds of system time, so a splice wakes one
 * only when every worker sleeps (a running worker comes back for more by itself), and a worker
 * wakes a sibling only when it leaves a backlog worth sharing: a broadcast pays for a wake-up or
 * two, not one per recipient or per splice.
 */
final class DrainPool {
  /** Connections a worker takes per visit: few lock round trips, yet the work spreads. */
  static final int TAKE = 64;

  /** Connections a batch hands over at a time, so workers start while the broadcast goes on. */
  static final int SPLICE = 512;

  /** Backlog left behind at which a worker wakes a sleeping sibling to share it. */
  private static final int SHARE = 4 * TAKE;

  private final Object lock = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private final int threadCount;
  private final LongConsumer writes;
  private ConnectionImpl head;
  private ConnectionImpl tail;
  private int queued;
  private int waiting;
  private boolean stopping;

  /**
   * @param writes told how many outlet writes the workers made, once per group of drains
   */
  DrainPool(int threadCount, String nodeId, LongConsumer writes) {
    this.writes = writes;
    this.threadCount = threadCount;
    for (int i = 1; i <= threadCount; i++) {
      Thread t = new DrainThread(this::work, "realtime-drain-" + nodeId + "-" + i);
      threads.add(t);
      t.start();
    }
  }

  /**
   * Queues a drain; after shutdown the caller runs it, so a late close still reaches its outlet.
   */
  void execute(ConnectionImpl c) {
    splice(c, c, 1);
  }

  /** A batch for one thread's burst of scheduling (a broadcast, a sweep); not thread-safe. */
  Batch batch() {
    return new Batch();
  }

  private void splice(ConnectionImpl first, ConnectionImpl last, int count) {
    synchronized (lock) {
      if (!stopping) {
        if (tail == null) {
          head = first;
        } else {
          tail.nextDrain = first;
        }
        tail = last;
        queued += count;
        if (waiting == threadCount) {
          lock.notify(); // all asleep; a running worker would come back for this by itself
        }
        return;
      }
    }
    ConnectionImpl c = first;
    while (c != null) {
      ConnectionImpl next = c == last ? null : c.nextDrain;
      c.nextDrain = null;
      c.run();
      c = next;
    }
  }

  private void work() {
    ConnectionImpl[] taken = new ConnectionImpl[TAKE];
    while (true) {
      int n = 0;
      synchronized (lock) {
        while (head == null) {
          if (stopping) {
            return;
          }
          waiting++;
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // Nobody but shutdown stops these threads, and it does so through stopping.
          } finally {
            waiting--;
          }
        }
        while (n < TAKE && head != null) {
          ConnectionImpl c = head;
          head = c.nextDrain;
          c.nextDrain = null;
          taken[n++] = c;
        }
        queued -= n;
        if (head == null) {
          tail = null;
        } else if (queued >= SHARE && waiting > 0) {
          lock.notify();
        }
      }
      long wrote = 0;
      for (int i = 0; i < n; i++) {
        wrote += drain(taken[i]);
        taken[i] = null;
      }
      if (wrote > 0) {
        writes.accept(wrote);
      }
    }
  }

  private static int drain(ConnectionImpl c) {
    try {
      return c.drainTurn();
    } catch (RuntimeException | Error e) {
      // A drain never throws by design; if one does, keep the thread alive for the others.
      System.getLogger(DrainPool.class.getName())
          .log(System.Logger.Level.ERROR, "Drain of " + c + " failed", e);
      return 0;
    }
  }

  /** Runs what is queued (outlet closes included), then stops the threads. */
  boolean shutdown(long timeoutMillis) throws InterruptedException {
    synchronized (lock) {
      stopping = true;
      lock.notifyAll();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    boolean all = true;
    for (Thread t : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      t.join(Math.max(1, left));
      all &= !t.isAlive();
    }
    return all;
  }

  /**
   * Connections scheduled by one thread, linked through their {@code nextDrain} field (each holds
   * its drain flag, so it is in no other list) and handed to the pool every {@link #SPLICE}
   * connections and at {@link #flush}. The owner must flush, in a finally block.
   */
  final class Batch {
    private ConnectionImpl first;
    private ConnectionImpl last;
    private int count;

    private Batch() {}

    void add(ConnectionImpl c) {
      if (last == null) {
        first = c;
      } else {
        last.nextDrain = c;
      }
      last = c;
      if (++count == SPLICE) {
        flush();
      }
    }

    void flush() {
      if (first != null) {
        ConnectionImpl f = first;
        ConnectionImpl l = last;
        first = null;
        last = null;
        int n = count;
        count = 0;
        splice(f, l, n);
      }
    }
  }

  /** Per-thread arrays a drain fills for one gathering write. */
  static Scratch scratch(int size) {
    return Thread.currentThread() instanceof DrainThread t ? t.scratch : new Scratch(size);
  }

  static final class Scratch {
    final Frame[] frames;
    final ByteBuffer[] buffers;

    Scratch(int size) {
      frames = new Frame[size];
      buffers = new ByteBuffer[size];
    }

    /** Drops references so the thread does not keep frames alive. */
    void clear(int n) {
      Arrays.fill(frames, 0, n, null);
      Arrays.fill(buffers, 0, n, null);
    }
  }

  private static final class DrainThread extends Thread {
    final Scratch scratch = new Scratch(64);

    DrainThread(Runnable r, String name) {
      super(r, name);
      setDaemon(true);
    }
  }
}
