package dev.realtime.bench.load;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Sends broadcasts to a server's control endpoint from one thread: at a fixed rate (open loop,
 * stamped with the intended send time so a slow server cannot hide its queueing), or as fast as
 * delivery allows (closed loop: at most {@code window} broadcasts not yet received by every
 * connection). Either way at most {@code window} control requests are in flight.
 */
final class Broadcaster implements AutoCloseable {
  /** A broadcast some connection never received stops holding the window after this long. */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ChildServer server;
  private final Ledger ledger;
  private final IntSupplier recipients;
  private final int rate;
  private final int window;
  private final String padding;
  private final Semaphore requests;
  private final AtomicLong errors = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private long abandoned;
  private long stalls;

  Broadcaster(ChildServer server, Ledger ledger, IntSupplier recipients, LoadOptions options) {
    this.server = server;
    this.ledger = ledger;
    this.recipients = recipients;
    this.rate = options.rate();
    this.window = options.window();
    this.padding = "x".repeat(options.payloadBytes());
    this.requests = new Semaphore(window);
    this.thread = new Thread(this::run, "load-broadcaster");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Control requests that failed or were not answered 200. */
  long errors() {
    return errors.get();
  }

  /** Times the window was released because some connection missed a broadcast. */
  long stalls() {
    return stalls;
  }

  private void run() {
    long start = LoadClient.clock();
    long period = rate == 0 ? 0 : 1_000_000_000L / rate;
    long lastProgress = start;
    long lastCompleted = 0;
    for (long seq = 0; running; seq++) {
      if (rate > 0) {
        parkUntil(start + seq * period);
      }
      // Closed loop (and a bound on the ledger's ring in both modes).
      int limit = rate == 0 ? window : Ledger.CAPACITY / 2;
      while (running && ledger.sent() - ledger.completed() - abandoned >= limit) {
        long now = LoadClient.clock();
        long completed = ledger.completed();
        if (completed != lastCompleted) {
          lastCompleted = completed;
          lastProgress = now;
        } else if (now - lastProgress > STALL_NANOS) {
          abandoned = ledger.sent() - completed;
          stalls++;
          lastProgress = now;
        }
        LockSupport.parkNanos(20_000);
      }
      if (!acquireRequest()) {
        return;
      }
      long stamp = rate > 0 ? start + seq * period : LoadClient.clock();
      String head = seq + "," + stamp + ",";
      String data = head + padding.substring(0, Math.max(0, padding.length() - head.length()));
      ledger.sent(seq, stamp, recipients.getAsInt());
      server
          .broadcast(data)
          .whenComplete(
              (response, error) -> {
                requests.release();
                if (error != null || response.statusCode() != 200) {
                  errors.incrementAndGet();
                }
              });
    }
  }

  private boolean acquireRequest() {
    try {
      while (running) {
        if (requests.tryAcquire(50, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void parkUntil(long when) {
    long left;
    while (running && (left = when - LoadClient.clock()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /** Stops sending and waits (up to 10 s) for the control requests in flight. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
      if (requests.tryAcquire(window, 10, TimeUnit.SECONDS)) {
        requests.release(window);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
