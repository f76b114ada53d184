package dev.realtime.bench.backplane;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed rate by schedule: message {@code i} is due at {@code start + i / rate} and is
 * stamped with that due time, whether the sender is on time or not. A sender that falls behind
 * sends the overdue messages at once and their wait counts as latency, so a stall is measured
 * instead of hidden (no coordinated omission). Warm-up messages travel the same way and are not
 * measured.
 */
final class OpenLoop {
  /** How long the deliveries may stand still after sending stops before the run gives up. */
  static final Duration QUIET = Duration.ofSeconds(5);

  private OpenLoop() {}

  static LatencyResult run(Route route, int rate, Duration warmup, Duration window, int payload) {
    Recorder rec = route.recorder();
    Waits.awaitReady(route, payload);
    double period = 1e9 / rate;
    long start = rec.now() + 1_000_000;
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + window.toNanos();
    rec.measureFrom(measureFrom);
    AtomicLong errors = new AtomicLong();
    Histogram accepted = new Histogram();
    long sent = 0;
    long maxLag = 0;
    for (long i = 0; ; i++) {
      long due = start + (long) (i * period);
      if (due >= end) {
        break;
      }
      long now = rec.now();
      while (now < due) {
        LockSupport.parkNanos(due - now);
        now = rec.now();
      }
      CompletionStage<?> stage = route.send(Recorder.data(due, payload));
      if (due >= measureFrom) {
        sent++;
        maxLag = Math.max(maxLag, now - due);
        stage.whenComplete(
            (ok, error) -> {
              if (error != null) {
                errors.incrementAndGet();
              } else {
                accepted.record(rec.now() - due);
              }
            });
      }
    }
    double seconds = (rec.now() - measureFrom) / 1e9;
    long expected = sent;
    Waits.awaitCount(rec::measured, () -> expected - errors.get(), QUIET);
    return LatencyResult.of(
        route.name(), rate, sent / seconds, sent, errors.get(), maxLag, rec.histogram(), accepted);
  }
}
