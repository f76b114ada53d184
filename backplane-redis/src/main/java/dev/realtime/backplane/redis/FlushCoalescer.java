package dev.realtime.backplane.redis;

import io.lettuce.core.api.StatefulConnection;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Flushes a publish connection whose auto-flush is off, once per burst instead of once per command.
 * Lettuce otherwise writes and flushes every {@code PUBLISH} by itself: a syscall and an event-loop
 * task each, which caps one node at tens of thousands of publishes per second. A command issued
 * while no flush is pending schedules one on the executor; every command issued before that flush
 * runs goes out with it, so a burst costs one flush and a lone publish waits only for one executor
 * hop.
 */
final class FlushCoalescer {
  private final StatefulConnection<?, ?> connection;
  private final Executor executor;
  private final AtomicBoolean pending = new AtomicBoolean();

  FlushCoalescer(StatefulConnection<?, ?> connection, Executor executor) {
    this.connection = connection;
    this.executor = executor;
    connection.setAutoFlushCommands(false);
  }

  /** Called after a command was issued on the connection: makes sure a flush follows. */
  void commandIssued() {
    if (pending.compareAndSet(false, true)) {
      try {
        executor.execute(this::flush);
      } catch (RuntimeException rejected) {
        // The executor is shutting down (close): flush here so no issued command is left behind.
        flush();
      }
    }
  }

  private void flush() {
    // Cleared first: a command issued from here on schedules another flush, so none is stranded.
    pending.set(false);
    connection.flushCommands();
  }
}
