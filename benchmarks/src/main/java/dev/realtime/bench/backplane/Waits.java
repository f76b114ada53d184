package dev.realtime.bench.backplane;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/** The waits every run makes, each bounded so a run always ends by itself. */
final class Waits {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private Waits() {}

  /**
   * Sends a stamped message every 20 ms until node B's client got one: the subscription is in place
   * (Redis and Hazelcast subscribe asynchronously) and the path works end to end.
   *
   * @throws IllegalStateException when nothing arrived within {@link #READY_TIMEOUT}
   */
  static void awaitReady(Route route, int payload) {
    Recorder rec = route.recorder();
    long before = rec.arrivals();
    long deadline = rec.now() + READY_TIMEOUT.toNanos();
    while (rec.arrivals() == before) {
      if (rec.now() > deadline) {
        throw new IllegalStateException(
            route.name()
                + ": node B received nothing within "
                + READY_TIMEOUT.toSeconds()
                + " s; is the transport up?");
      }
      route.send(Recorder.data(rec.now(), payload));
      LockSupport.parkNanos(20_000_000);
    }
  }

  /**
   * Waits until {@code delivered} reaches {@code expected}, or it stops moving for {@code quiet}.
   *
   * @return whether everything arrived
   */
  static boolean awaitCount(LongSupplier delivered, LongSupplier expected, Duration quiet) {
    long last = -1;
    long lastChange = System.nanoTime();
    while (true) {
      long now = delivered.getAsLong();
      if (now >= expected.getAsLong()) {
        return true;
      }
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > quiet.toNanos()) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
