package dev.realtime.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write queued frames to clients. A connection is in the work queue at most once
 * (its drain flag), so a queue sized to the connection cap never fills and offering a connection
 * allocates nothing (an array-backed queue, the connection itself is the task).
 */
final class DrainPool {
  private final ThreadPoolExecutor executor;

  DrainPool(int threads, int maxConnections) {
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(maxConnections + 64),
            r -> new DrainThread(r, "realtime-drain-" + n.incrementAndGet()),
            (task, pool) ->
                task.run()); // only after shutdown: the caller finishes the drain itself
    executor.prestartAllCoreThreads();
  }

  void execute(Runnable drain) {
    executor.execute(drain);
  }

  /** Runs what is queued (outlet closes included), then stops the threads. */
  boolean shutdown(long timeoutMillis) throws InterruptedException {
    executor.shutdown();
    if (executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
      return true;
    }
    executor.shutdownNow();
    return executor.awaitTermination(1, TimeUnit.SECONDS);
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
