package dev.realtime.bench.backplane;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes on node A as fast as its side accepts: at most {@code window} sends awaiting acceptance
 * (the backplane's pipelining depth) and at most {@code backlog} accepted but not yet delivered (so
 * a receiver slower than the sender cannot fill the heap); node B counts what arrives. A warm-up
 * burst runs first, unmeasured.
 */
final class MaxThroughput {
  private MaxThroughput() {}

  static ThroughputResult run(
      Route route, Duration warmup, Duration window, int payload, int inFlight, int backlog) {
    Recorder rec = route.recorder();
    Waits.awaitReady(route, payload);
    if (!warmup.isZero()) {
      Burst w = burst(route, warmup, payload, inFlight, backlog);
      Waits.awaitCount(rec::arrivals, () -> w.arrivedBefore + w.accepted, OpenLoop.QUIET);
    }
    long t0 = rec.now();
    rec.measureFrom(t0);
    Burst b = burst(route, window, payload, inFlight, backlog);
    Waits.awaitCount(rec::measured, () -> b.accepted, OpenLoop.QUIET);
    long delivered = rec.measured();
    double deliverSeconds = Math.max(1, rec.lastMeasuredArrival() - t0) / 1e9;
    Histogram h = rec.histogram();
    return new ThroughputResult(
        route.name(),
        b.accepted,
        b.failed,
        b.accepted / ((b.acceptedAt - t0) / 1e9),
        delivered,
        delivered / deliverSeconds,
        h.percentileNanos(0.50),
        h.percentileNanos(0.99));
  }

  /**
   * Node A publishes as fast as its side accepts while nobody listens on node B: the publishing
   * side's own ceiling, without node B's receiving work competing for the same cores.
   */
  static ThroughputResult publishOnly(
      Route route, Duration warmup, Duration window, int payload, int inFlight) {
    Recorder rec = route.recorder();
    Waits.awaitReady(route, payload);
    route.stopReceiving();
    if (!warmup.isZero()) {
      burst(route, warmup, payload, inFlight, Integer.MAX_VALUE);
    }
    long t0 = rec.now();
    Burst b = burst(route, window, payload, inFlight, Integer.MAX_VALUE);
    return new ThroughputResult(
        route.name(), b.accepted, b.failed, b.accepted / ((b.acceptedAt - t0) / 1e9), 0, 0, 0, 0);
  }

  private record Burst(long accepted, long failed, long acceptedAt, long arrivedBefore) {}

  private static Burst burst(Route route, Duration length, int payload, int inFlight, int backlog) {
    Recorder rec = route.recorder();
    Semaphore permits = new Semaphore(inFlight);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long arrivedBefore = rec.arrivals();
    long sent = 0;
    long end = rec.now() + length.toNanos();
    while (rec.now() < end) {
      while (sent - (rec.arrivals() - arrivedBefore) - failed.get() > backlog) {
        LockSupport.parkNanos(50_000);
      }
      permits.acquireUninterruptibly();
      sent++;
      route
          .send(Recorder.data(rec.now(), payload))
          .whenComplete(
              (v, error) -> {
                (error == null ? ok : failed).incrementAndGet();
                permits.release();
              });
    }
    try {
      if (!permits.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            route.name() + ": sends still unanswered 30 s after the burst");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new Burst(ok.get(), failed.get(), rec.now(), arrivedBefore);
  }
}
