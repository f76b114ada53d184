package dev.realtime.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on several threads at once, for tests that hammer the hub concurrently. */
final class Concurrently {
  /** The body each thread runs; it may throw, and so may its assertions. */
  @FunctionalInterface
  interface Task {
    void run() throws Exception;
  }

  private Concurrently() {}

  /**
   * Runs {@code task} on {@code threads} threads of a fixed pool, released together by one latch so
   * they overlap as much as they can, and waits up to 30 s for each. A failure in any thread is
   * rethrown (as an {@link java.util.concurrent.ExecutionException}); the pool is shut down either
   * way.
   */
  static void run(int threads, Task task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  task.run();
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
