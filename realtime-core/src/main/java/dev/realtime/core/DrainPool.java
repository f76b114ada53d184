package dev.realtime.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads that write queued frames to clients. The work queue is an intrusive linked list
 * threaded through the connections themselves: a connection is queued at most once (its drain
 * flag), so scheduling a drain allocates nothing and the queue can never fill, however many closed
 * connections are still waiting for their final drain.
 */
final class DrainPool {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition nonEmpty = lock.newCondition();
  private final List<Thread> threads = new ArrayList<>();
  private ConnectionImpl head;
  private ConnectionImpl tail;
  private boolean stopping;

  DrainPool(int threadCount, String nodeId) {
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
    lock.lock();
    try {
      if (!stopping) {
        if (tail == null) {
          head = c;
        } else {
          tail.nextDrain = c;
        }
        tail = c;
        nonEmpty.signal();
        return;
      }
    } finally {
      lock.unlock();
    }
    c.run();
  }

  private void work() {
    while (true) {
      ConnectionImpl c;
      lock.lock();
      try {
        while (head == null) {
          if (stopping) {
            return;
          }
          nonEmpty.awaitUninterruptibly();
        }
        c = head;
        head = c.nextDrain;
        c.nextDrain = null;
        if (head == null) {
          tail = null;
        }
      } finally {
        lock.unlock();
      }
      try {
        c.run();
      } catch (RuntimeException | Error e) {
        // A drain never throws by design; if one does, keep the thread alive for the others.
        System.getLogger(DrainPool.class.getName())
            .log(System.Logger.Level.ERROR, "Drain of " + c + " failed", e);
      }
    }
  }

  /** Runs what is queued (outlet closes included), then stops the threads. */
  boolean shutdown(long timeoutMillis) throws InterruptedException {
    lock.lock();
    try {
      stopping = true;
      nonEmpty.signalAll();
    } finally {
      lock.unlock();
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
