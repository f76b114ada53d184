package dev.realtime.core;

import dev.realtime.CloseReason;
import dev.realtime.RealtimeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Graceful shutdown: closes connections in small batches at {@link
 * RealtimeConfig#shutdownCloseRate()} per second, so clients reconnect to other nodes spread over
 * time instead of all at once; whatever is left at {@link RealtimeConfig#shutdownTimeout()} is
 * closed at once.
 */
final class Shutdown {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final DefaultHub hub;
  private final int perTick;
  private final long timeoutNanos;

  Shutdown(DefaultHub hub, RealtimeConfig config) {
    this.hub = hub;
    this.perTick = Math.max(1, config.shutdownCloseRate() / 10);
    this.timeoutNanos = config.shutdownTimeout().toNanos();
  }

  void run() {
    List<ConnectionImpl> open = new ArrayList<>(hub.registry().all());
    long start = System.nanoTime();
    long nextTick = start;
    int i = 0;
    while (i < open.size()) {
      boolean hurry =
          System.nanoTime() - start >= timeoutNanos || Thread.currentThread().isInterrupted();
      int end = hurry ? open.size() : Math.min(open.size(), i + perTick);
      for (; i < end; i++) {
        open.get(i).close(CloseReason.SHUTDOWN);
      }
      nextTick += TICK_NANOS;
      // Pacing on purpose: this is the stagger itself, not a wait for a condition. parkNanos may
      // return early (spurious wake-up), so park until the tick has really come.
      long wait;
      while (i < open.size()
          && (wait = nextTick - System.nanoTime()) > 0
          && !Thread.currentThread().isInterrupted()) {
        LockSupport.parkNanos(wait);
      }
    }
    // Connections that registered while the first pass ran.
    for (ConnectionImpl c : hub.registry().all()) {
      c.close(CloseReason.SHUTDOWN);
    }
  }
}
